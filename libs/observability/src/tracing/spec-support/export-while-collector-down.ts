// Run by init-tracing.spec.ts in a child process (see export-one-span.ts for why): ends a span every
// 100 ms while the batch processor exports every few ms to a collector that is not there, so several
// exports fail, then shuts down and prints the start-up summary.
import { trace } from '@opentelemetry/api';
import { initTracing } from '../init-tracing';

async function main(): Promise<void> {
  const tracing = initTracing({ service: 'spec' });
  for (let i = 0; i < 5; i++) {
    trace.getTracer('spec').startSpan('render badge').end();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const shutdown = await tracing.shutdown().then(
    () => 'flushed',
    (error: unknown) => `failed: ${String(error)}`,
  );
  process.stdout.write(JSON.stringify({ summary: tracing.summary, shutdown }));
}

void main();
