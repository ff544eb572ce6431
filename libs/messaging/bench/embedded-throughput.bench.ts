// Throughput and latency of the embedded bus against a bare in-process EventEmitter, same run, same events.
// Run: node -r @swc-node/register libs/messaging/bench/embedded-throughput.bench.ts [count]
import { EventEmitter, once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createEvent, type EventEnvelope } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../src/conformance/conformance-topology';
import { consumeEvents, on } from '../src/consumer/consume-events';
import { EmbeddedBus } from '../src/embedded/embedded-bus';

const count = Number(process.argv[2] ?? 100_000);

interface Result {
  name: string;
  msgsPerSecond: number;
  p50: number;
  p99: number;
}

function summarise(name: string, latencies: Float64Array, elapsedMs: number): Result {
  const count = latencies.length;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { name, msgsPerSecond: count / (elapsedMs / 1000), p50: at(0.5), p99: at(0.99) };
}

function makeEvents(count: number): EventEnvelope[] {
  return Array.from({ length: count }, (_, n) => createEvent(ConformanceAlpha, { source: 'urn:bench', data: { run: 'bench', n } }));
}

/**
 * Baselines: the same events through an EventEmitter, one microtask hop per message, no broker
 * semantics; `withWork` adds what any bus must do (validate on publish, serialise, parse, validate
 * on receive), so the second ratio isolates the broker machinery.
 */
async function baseline(events: EventEnvelope[], withWork = false): Promise<Result> {
  const count = events.length;
  const emitter = new EventEmitter();
  const sentAt = new Float64Array(count);
  const latencies = new Float64Array(count);
  let received = 0;
  emitter.on('event', (message: EventEnvelope<{ n: number }> | string) => {
    const event = withWork ? (ConformanceAlpha.envelope.parse(JSON.parse(message as string)) as EventEnvelope<{ n: number }>) : (message as EventEnvelope<{ n: number }>);
    latencies[event.data.n] = performance.now() - sentAt[event.data.n];
    if (++received === count) emitter.emit('done');
  });
  const done = once(emitter, 'done');
  const start = performance.now();
  for (const event of events) {
    sentAt[(event.data as { n: number }).n] = performance.now();
    await Promise.resolve();
    if (withWork) emitter.emit('event', JSON.stringify(ConformanceAlpha.envelope.parse(event)));
    else emitter.emit('event', event);
  }
  await done;
  return summarise(withWork ? 'EventEmitter+JSON+zod' : 'EventEmitter', latencies, performance.now() - start);
}

/** The embedded bus: validation, routing, serialisation, peek-lock, settlement, concurrency 16. */
async function embedded(events: EventEnvelope[]): Promise<Result> {
  const count = events.length;
  // "wide" takes these events too and has no consumer here: it keeps every one.
  const bus = new EmbeddedBus({ topology: conformanceTopology, maxMessagesPerSubscription: count });
  const sentAt = new Float64Array(count);
  const latencies = new Float64Array(count);
  let received = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 16 }, [
    on(ConformanceAlpha, (event) => {
      latencies[event.data.n] = performance.now() - sentAt[event.data.n];
      if (++received === count) finish();
    }),
  ]);
  const start = performance.now();
  for (const event of events) {
    sentAt[(event.data as { n: number }).n] = performance.now();
    await bus.publisher.publish(event);
  }
  await done;
  const result = summarise('EmbeddedBus', latencies, performance.now() - start);
  await bus.close();
  return result;
}

/** Heap cost of 10,000 scheduled messages waiting for their time. */
async function scheduledMemory(): Promise<number> {
  const bus = new EmbeddedBus({ topology: conformanceTopology });
  const events = Array.from({ length: 10_000 }, (_, n) => createEvent(ConformanceAlpha, { source: 'urn:bench', data: { run: 'bench', n } }));
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const due = new Date(Date.now() + 3_600_000);
  for (const event of events) await bus.publisher.publish(event, { scheduledEnqueueTime: due });
  global.gc?.();
  const bytes = process.memoryUsage().heapUsed - before;
  await bus.close();
  return bytes / 10_000;
}

async function main(): Promise<void> {
  const events = makeEvents(count);
  // Warm both paths up so the JIT does not favour whichever runs second.
  await baseline(events.slice(0, 5000));
  await baseline(events.slice(0, 5000), true);
  await embedded(events.slice(0, 5000));
  const results = [await baseline(events), await baseline(events, true), await embedded(events)];
  for (const r of results) {
    console.log(`${r.name.padEnd(22)} ${Math.round(r.msgsPerSecond).toLocaleString('en-US').padStart(10)} msgs/s   p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms`);
  }
  const [bare, withWork, bus] = results as [Result, Result, Result];
  console.log(`throughput ratio EmbeddedBus / EventEmitter:          ${(bus.msgsPerSecond / bare.msgsPerSecond).toFixed(3)}`);
  console.log(`throughput ratio EmbeddedBus / EventEmitter+JSON+zod: ${(bus.msgsPerSecond / withWork.msgsPerSecond).toFixed(3)}`);
  const perMessage = await scheduledMemory();
  console.log(`10,000 scheduled messages: ~${Math.round(perMessage)} bytes of heap each${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`);
}

void main();
