// Run by init-tracing.spec.ts in a child process: the OTLP exporter loads `http` with a dynamic
// import(), which Jest's module sandbox cannot run. Starts tracing from process.env, ends one span
// and shuts down (which flushes it), then prints whether tracing was enabled and the start-up line.
import { trace } from '@opentelemetry/api';
import { initTracing } from '../init-tracing';

async function main(): Promise<void> {
  const tracing = initTracing({ service: process.argv[2] ?? 'spec' });
  trace.getTracer('spec').startSpan('render badge').end();
  await tracing.shutdown();
  process.stdout.write(JSON.stringify({ enabled: tracing.enabled, serviceName: tracing.serviceName, reason: tracing.reason, summary: tracing.summary }));
}

void main();
