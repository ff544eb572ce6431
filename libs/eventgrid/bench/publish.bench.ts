// How much a service's main effect pays for the Event Grid side channel: the cost of publish() with a
// healthy receiver and with a dead one (connection refused), against serialising the event once with
// JSON.stringify (the least any publish does; the baseline) and against Event Grid off.
// Run: node -r @swc-node/register libs/eventgrid/bench/publish.bench.ts
import { performance } from 'node:perf_hooks';
import { deadEndpoint, startLoopbackReceiver } from '../test/loopback-receiver';
import { outcomeEnvelope } from '../test/outcome-envelope';
import { createOutcomePublisher } from '../src/publish/create-outcome-publisher';
import type { OutcomePublisher } from '../src/publish/outcome-publisher.port';

const events = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const quiet = { warn: () => undefined, error: () => undefined };

function timePublish(publisher: OutcomePublisher): number {
  const envelopes = Array.from({ length: events }, (_, i) => outcomeEnvelope(`bench-${i}`));
  const start = performance.now();
  for (const envelope of envelopes) publisher.publish(envelope);
  return performance.now() - start;
}

async function main(): Promise<void> {
  const receiver = await startLoopbackReceiver();
  const env = { EVENTGRID_KEY: 'bench-key', EVENTGRID_QUEUE_LIMIT: String(events) };
  // Warm-up, so the first measured case does not also pay for JIT compilation.
  const warmUp = createOutcomePublisher({ ...env, EVENTGRID_ENDPOINT: await deadEndpoint() }, { logger: quiet });
  timePublish(warmUp);
  await warmUp.close(10);
  const baseline = timePublish({ publish: (e) => void JSON.stringify(e) } as OutcomePublisher);
  const offMs = timePublish(createOutcomePublisher({}));
  const healthy = createOutcomePublisher({ ...env, EVENTGRID_ENDPOINT: receiver.endpoint }, { logger: quiet });
  const healthyMs = timePublish(healthy);
  const drainStart = performance.now();
  await healthy.flush(60_000);
  const drainMs = performance.now() - drainStart;
  const dead = createOutcomePublisher({ ...env, EVENTGRID_ENDPOINT: await deadEndpoint() }, { logger: quiet, backoff: { baseMs: 50, maxMs: 200 } });
  const deadMs = timePublish(dead);
  await Promise.all([healthy.close(100), dead.close(100), receiver.close()]);

  const perCall = (ms: number) => `${((ms * 1000) / events).toFixed(2)} µs/publish`;
  console.log(`events: ${events}`);
  console.log(`baseline (JSON.stringify):  ${perCall(baseline)}`);
  console.log(`Event Grid off (no-op):    ${perCall(offMs)}`);
  console.log(`healthy receiver:          ${perCall(healthyMs)} (${(healthyMs / baseline).toFixed(1)}x baseline)`);
  console.log(`dead receiver:             ${perCall(deadMs)} (${(deadMs / baseline).toFixed(1)}x baseline)`);
  console.log(`delivered to loopback:     ${healthy.stats().delivered} events in ${receiver.requests.length} batches, ${drainMs.toFixed(0)} ms (${Math.round((events / drainMs) * 1000)} events/s)`);
}

void main();
