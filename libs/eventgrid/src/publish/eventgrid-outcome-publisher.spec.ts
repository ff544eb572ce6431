import type { SendCloudEventInput } from '@azure/eventgrid';
import { captureLogger } from '../../test/capture-logger';
import { outcomeEnvelope } from '../../test/outcome-envelope';
import { EventGridOutcomePublisher, type EventGridOutcomePublisherOptions } from './eventgrid-outcome-publisher';
import type { SendBatch } from './send-batch';

function publisherWith(send: SendBatch, overrides: Partial<EventGridOutcomePublisherOptions> = {}): EventGridOutcomePublisher {
  return new EventGridOutcomePublisher({
    send,
    endpoint: 'https://outcomes.westeurope-1.eventgrid.azure.net/api/events',
    batchSize: 100,
    queueLimit: 100,
    maxAttempts: 3,
    timeoutMs: 1_000,
    backoff: { baseMs: 1, maxMs: 5 },
    logger: captureLogger(),
    ...overrides,
  });
}

const idsOf = (events: SendCloudEventInput<unknown>[]) => events.map((event) => event.id ?? '');

// The cases here need a sender that misbehaves in ways no HTTP server can make the SDK do; what Event
// Grid answers is covered against a loopback receiver in create-outcome-publisher.spec.ts.
describe('EventGridOutcomePublisher sender loop', () => {
  it('sends an event published while the sender loop is finishing, without waiting for the next publish', async () => {
    // The loop ends a few microtasks after its last send; forwardOutcomes publishes from a microtask
    // (after the bus accepted the event), so a publish can land in any of those gaps.
    for (let hops = 0; hops < 12; hops += 1) {
      const sent: string[] = [];
      const publisher: EventGridOutcomePublisher = publisherWith(async (events) => {
        sent.push(...idsOf(events));
        if (sent.length > 1) return;
        let later = Promise.resolve();
        for (let i = 0; i < hops; i += 1) later = later.then();
        void later.then(() => publisher.publish(outcomeEnvelope('late')));
      });
      publisher.publish(outcomeEnvelope('first'));
      // Ample time on a busy machine; without the restart the late event waits for the next publish.
      for (const deadline = Date.now() + 2_000; sent.length < 2 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
      expect({ hops, sent, queued: publisher.stats().queued }).toEqual({ hops, sent: ['first', 'late'], queued: 0 });
      await publisher.close(100);
    }
  });

  // E.g. a token credential whose token endpoint never answers and which does not honour the signal.
  const neverSettles: SendBatch = () => new Promise<void>(() => undefined);

  it('bounds an attempt by timeoutMs even when the send ignores its abort signal', async () => {
    const logger = captureLogger();
    const publisher = publisherWith(neverSettles, { timeoutMs: 100, maxAttempts: 2, logger });

    publisher.publish(outcomeEnvelope('stuck'));
    await publisher.flush(3_000);

    expect(publisher.stats()).toMatchObject({ failedAttempts: 2, dropped: { retriesExhausted: 1 }, queued: 0 });
    expect(logger.lines.at(-1)?.message).toMatch(/2 attempts failed \(EVENTGRID_MAX_ATTEMPTS\); last: network no answer within 100 ms \(EVENTGRID_TIMEOUT_MS\)/);
    await publisher.close(100);
  });

  it('close() returns by its deadline even when the send ignores its abort signal', async () => {
    const publisher = publisherWith(neverSettles, { timeoutMs: 60_000 });
    publisher.publish(outcomeEnvelope('stuck'));
    await new Promise((resolve) => setImmediate(resolve));

    const started = Date.now();
    await publisher.close(50);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(publisher.stats()).toMatchObject({ dropped: { shutdown: 1 }, queued: 0 });
  }, 5_000);
});
