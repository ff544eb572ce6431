// Per-request CPU cost of each ingress stage, measured in this process on the bench body, so the
// req/CPU-second ratio can be explained stage by stage.
import { normalizeServiceHook } from '@switchyard/contracts';
import { defaultTopology, EmbeddedBus } from '@switchyard/messaging';
import { BatchedDestination, createLogger } from '@switchyard/observability';
import { HookKeyService } from '../src/authenticate-hook-key/hook-key.service';
import { parseJsonBody } from '../src/http-body/parse-json-body';

const WARMUP = 1_000;
const ITERATIONS = 20_000;

async function microsPerOp(run: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run(i - WARMUP);
  const started = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) await run(i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / ITERATIONS;
}

export async function stageCosts(body: Buffer, secret: string): Promise<Array<[string, number]>> {
  const payload = parseJsonBody(body) as Record<string, unknown>;
  const event = normalizeServiceHook(payload, { metadata: { hookKeyName: 'bench' } });
  const events = Array.from({ length: WARMUP + ITERATIONS }, (_, i) =>
    normalizeServiceHook({ ...payload, id: `stage-${i}` }, { metadata: { hookKeyName: 'bench' } }),
  );
  const bus = new EmbeddedBus({ topology: { contracts: defaultTopology().contracts, subscriptions: [] } });
  // The destination the service logs through (batched writes), on /dev/null instead of stdout.
  const logDestination = new BatchedDestination('/dev/null');
  const logger = createLogger({ service: 'ingress', destination: logDestination, secrets: [secret] });
  const keys = new HookKeyService([{ name: 'bench', secret }]);
  try {
    return [
      ['authenticate key', await microsPerOp(() => keys.authenticate({ headers: {}, query: { code: secret } }))],
      ['parse JSON body', await microsPerOp(() => parseJsonBody(body))],
      ['normalize (contracts)', await microsPerOp(() => normalizeServiceHook(payload, { metadata: { hookKeyName: 'bench' } }))],
      // Events as the ingress publishes them (built by normalizeServiceHook, so not validated again), each with its own id.
      ['publish (embedded bus)', await microsPerOp((i) => bus.publisher.publish(events[i + WARMUP]))],
      [
        'log line (batched writes)',
        await microsPerOp(() =>
          logger.info({ eventId: event.id, correlationId: event.correlationId, eventType: event.type, keyName: 'bench' }, 'service hook accepted'),
        ),
      ],
    ];
  } finally {
    logDestination.end();
    await bus.close();
  }
}
