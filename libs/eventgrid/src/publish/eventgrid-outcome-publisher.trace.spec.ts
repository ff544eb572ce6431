import { trace } from '@opentelemetry/api';
import { startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import { outcomeEnvelope } from '../../test/outcome-envelope';
import { EventGridOutcomePublisher } from './eventgrid-outcome-publisher';

describe('EventGridOutcomePublisher and traces', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterAll(() => tracing.shutdown());

  it("sends a batch outside the trace of whichever publish started it: a batch carries many hooks' events", async () => {
    const activeAtSend: Array<string | undefined> = [];
    const sent: unknown[][] = [];
    const publisher = new EventGridOutcomePublisher({
      send: async (events) => {
        activeAtSend.push(trace.getActiveSpan()?.spanContext().traceId);
        sent.push([...events]);
      },
      batchSize: 100,
      queueLimit: 100,
      maxAttempts: 1,
      timeoutMs: 1_000,
      backoff: { baseMs: 1, maxMs: 1 },
      logger: { warn: () => undefined, error: () => undefined },
    });
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('hook A', (span) => {
      publisher.publish(outcomeEnvelope('a'));
      span.end();
    });
    tracer.startActiveSpan('hook B', (span) => {
      publisher.publish(outcomeEnvelope('b', { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' }));
      span.end();
    });
    await publisher.close();

    expect(sent).toHaveLength(1);
    expect(activeAtSend).toEqual([undefined]);
    // Each event still names its own trace.
    expect(sent[0].map((event) => (event as { extensionAttributes?: Record<string, unknown> }).extensionAttributes?.['traceparent'])).toEqual([
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      '00-11111111111111111111111111111111-2222222222222222-01',
    ]);
  });
});
