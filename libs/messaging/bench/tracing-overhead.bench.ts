// Cost of tracing on the embedded bus's publish → handler path: the same events with tracing off
// (the @opentelemetry/api no-op, what runs when no OTEL_* exporter is set) and on (an SDK recording
// a PRODUCER and a CONSUMER span per message, batch-exported to a sink that drops them).
// Run: node -r @swc-node/register libs/messaging/bench/tracing-overhead.bench.ts [count]
import { performance } from 'node:perf_hooks';
import { context, propagation, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../src/conformance/conformance-topology';
import { consumeEvents, on } from '../src/consumer/consume-events';
import { EmbeddedBus } from '../src/embedded/embedded-bus';

const count = Number(process.argv[2] ?? 20_000);

class DroppingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function run(n: number): Promise<number> {
  // "wide" takes these events too and has no consumer here: it keeps every one.
  const bus = new EmbeddedBus({ topology: conformanceTopology, maxMessagesPerSubscription: n });
  let received = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 16 }, [
    on(ConformanceAlpha, () => {
      if (++received === n) finish();
    }),
  ]);
  const start = performance.now();
  for (let i = 0; i < n; i++) await bus.publisher.publish(createEvent(ConformanceAlpha, { source: 'urn:bench', data: { run: 'bench', n: i } }));
  await done;
  const elapsed = performance.now() - start;
  await receiver.close();
  await bus.close();
  return n / (elapsed / 1000);
}

async function traced<T>(work: () => Promise<T>): Promise<{ result: T; spans: number }> {
  const exporter = new DroppingExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 100_000 })] });
  provider.register();
  try {
    const result = await work();
    await provider.forceFlush();
    return { result, spans: exporter.exported };
  } finally {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

async function main(): Promise<void> {
  await run(3000);
  await traced(() => run(3000));
  const off: number[] = [];
  const on: number[] = [];
  let spans = 0;
  // Alternate, so drift in machine load hits both sides alike.
  for (let round = 0; round < 3; round++) {
    off.push(await run(count));
    const t = await traced(() => run(count));
    on.push(t.result);
    spans = t.spans;
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
  const fmt = (value: number) => Math.round(value).toLocaleString('en-US').padStart(8);
  console.log(`messages per run: ${count.toLocaleString('en-US')}, 3 rounds each, median shown`);
  console.log(`tracing off (API no-op)          ${fmt(median(off))} msgs/s   runs: ${off.map(fmt).join(' ')}`);
  console.log(`tracing on (2 spans/message)     ${fmt(median(on))} msgs/s   runs: ${on.map(fmt).join(' ')}   spans exported last run: ${spans.toLocaleString('en-US')}`);
  console.log(`throughput ratio on / off: ${(median(on) / median(off)).toFixed(3)}`);
}

void main();
