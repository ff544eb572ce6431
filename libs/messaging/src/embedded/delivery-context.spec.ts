import { trace } from '@opentelemetry/api';
import { createEvent } from '@switchyard/contracts';
import { startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import type { Receiver } from '../bus/bus.port';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { createTestBus } from '../testing/create-test-bus';
import { waitFor } from '../testing/wait-for';
import type { EmbeddedBus } from './embedded-bus';

describe('embedded bus delivery context', () => {
  let tracing: InMemoryTracing;
  let bus: EmbeddedBus;
  let receiver: Receiver | undefined;

  beforeAll(() => (tracing = startInMemoryTracing()));
  afterAll(() => tracing.shutdown());
  beforeEach(() => (bus = createTestBus({ topology: conformanceTopology, onDropped: () => undefined })));
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    await bus.close();
  });

  /** The span a processor finds active for each message, by its n (null for none). */
  const receiveRecordingActiveSpan = async (concurrency: number) => {
    const active = new Map<number, string | null>();
    receiver = await bus.receive({ topic: 'conformance', subscription: 'narrow', concurrency }, async (message) => {
      active.set((message.body as { data: { n: number } }).data.n, trace.getActiveSpan()?.spanContext().spanId ?? null);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { kind: 'complete' };
    });
    return active;
  };

  const publishUnderRootSpans = async (scheduleMs?: (n: number) => number) => {
    for (const n of [1, 2]) {
      await trace.getTracer('test').startActiveSpan(`hook ${n}`, async (root) => {
        const event = createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'ctx', n } });
        await bus.publisher.publish(event, scheduleMs ? { scheduledEnqueueTime: new Date(Date.now() + scheduleMs(n)) } : undefined);
        root.end();
      });
    }
  };

  it("runs processors in no trace, not in the publisher's or the previous message's", async () => {
    const active = await receiveRecordingActiveSpan(1);
    await publishUnderRootSpans();
    await waitFor(() => (active.size === 2 ? true : undefined), 'both deliveries');
    expect([...active]).toEqual([
      [1, null],
      [2, null],
    ]);
  });

  it('runs scheduled deliveries in no trace, not in the context of the publish that armed the timer', async () => {
    const active = await receiveRecordingActiveSpan(4);
    await publishUnderRootSpans((n) => 30 * n);
    await waitFor(() => (active.size === 2 ? true : undefined), 'both deliveries');
    expect([...active]).toEqual([
      [1, null],
      [2, null],
    ]);
  });
});
