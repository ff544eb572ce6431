import { SpanKind, context, trace } from '@opentelemetry/api';
import { createEvent } from '@switchyard/contracts';
import { startInMemoryTracing, traceLogFields, type InMemoryTracing } from '@switchyard/observability';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Receiver } from '../bus/bus.port';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import type { EmbeddedBus } from '../embedded/embedded-bus';
import { PermanentError } from '../errors/permanent.error';
import { createTestBus } from '../testing/create-test-bus';
import { waitFor } from '../testing/wait-for';
import { consumeEvents, on } from './consume-events';
import { createEventProcessor } from './create-event-processor';
import type { SettlementObserver } from './event-handler';

type Outcome = Parameters<SettlementObserver>[0];

/** What a settlement log line is stamped with: the observer's outcome and the logger mixin's fields. */
interface LoggedSettlement {
  outcome: Outcome;
  fields: { trace_id?: string; span_id?: string };
}

describe('settlement observer tracing', () => {
  let tracing: InMemoryTracing;
  let bus: EmbeddedBus;
  let receiver: Receiver | undefined;
  const logged: LoggedSettlement[] = [];
  const onSettled: SettlementObserver = (outcome) => void logged.push({ outcome, fields: traceLogFields() });

  beforeAll(() => (tracing = startInMemoryTracing()));
  afterAll(() => tracing.shutdown());
  beforeEach(() => {
    tracing.reset();
    logged.length = 0;
    bus = createTestBus({ topology: conformanceTopology, onDropped: () => undefined });
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    await bus.close();
  });

  /** Event n=2 is refused, so its settlement is the "message dead-lettered" line an operator follows. */
  const consume = async (concurrency: number) => {
    receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency, onSettled }, [
      on(ConformanceAlpha, async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (event.data.n === 2) throw new PermanentError('TEST.REFUSED', 'event 2 refused');
      }),
    ]);
  };

  /** Publishes each event from its own root span, as two unrelated service hooks would. */
  const publishFromTwoRequests = async (scheduleMs?: (n: number) => number) => {
    const ids: string[] = [];
    for (const n of [1, 2]) {
      await trace.getTracer('test').startActiveSpan(`hook ${n}`, async (root) => {
        const event = createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'trace', n } });
        ids.push(event.id);
        const scheduledEnqueueTime = scheduleMs && new Date(Date.now() + scheduleMs(n));
        await bus.publisher.publish(event, scheduledEnqueueTime ? { scheduledEnqueueTime } : undefined);
        root.end();
      });
    }
    return ids;
  };

  const spanOf = (kind: SpanKind, messageId: string): ReadableSpan => {
    const span = tracing.spans().find((s) => s.kind === kind && s.attributes['messaging.message.id'] === messageId);
    if (!span) throw new Error(`no ${SpanKind[kind]} span for ${messageId}`);
    return span;
  };

  const expectLoggedInItsOwnTrace = (messageId: string) => {
    const line = logged.find((l) => l.outcome.messageId === messageId);
    const consumer = spanOf(SpanKind.CONSUMER, messageId);
    const producer = spanOf(SpanKind.PRODUCER, messageId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(line?.fields).toEqual({ trace_id: consumer.spanContext().traceId, span_id: consumer.spanContext().spanId });
    expect(line?.fields.trace_id).toBe(producer.spanContext().traceId);
  };

  const bothSettled = () => waitFor(() => (logged.length >= 2 && tracing.spans().filter((s) => s.kind === SpanKind.CONSUMER).length >= 2 ? true : undefined), 'both settlements');

  it.each([
    ['one at a time (the second delivered when the first completes)', 1],
    ['concurrently', 4],
  ])("logs a dead letter in its own message's trace when handled %s", async (_, concurrency) => {
    await consume(concurrency);
    const [first, second] = await publishFromTwoRequests();
    await bothSettled();
    expect(logged.find((l) => l.outcome.messageId === second)?.outcome.settlement).toMatchObject({ kind: 'deadLetter', reason: 'TEST.REFUSED' });
    expectLoggedInItsOwnTrace(second);
    expectLoggedInItsOwnTrace(first);
  });

  it("logs a scheduled message's dead letter in its own trace, not the one whose publish armed the timer", async () => {
    await consume(4);
    const [first, second] = await publishFromTwoRequests((n) => 30 * n);
    await bothSettled();
    expectLoggedInItsOwnTrace(second);
    expectLoggedInItsOwnTrace(first);
  });

  it("logs in the message's trace when the backend calls the processor inside a span of its own (the Service Bus SDK's)", async () => {
    const process = createEventProcessor(conformanceTopology, new Map([[ConformanceAlpha.type, on(ConformanceAlpha, () => Promise.reject(new Error('bug')))]]), onSettled, 'servicebus');
    const producerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const event = { ...createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'trace', n: 1 } }) };
    const sdkSpan = trace.getTracer('sdk').startSpan('StreamReceiver.process');
    const settlement = await context.with(trace.setSpan(context.active(), sdkSpan), () =>
      process({
        messageId: event.id,
        body: event,
        applicationProperties: { traceparent: `00-${producerTrace}-00f067aa0ba902b7-01` },
        deliveryCount: 1,
        enqueuedTime: new Date(),
        topic: 'conformance',
        subscription: 'narrow',
      }),
    );
    sdkSpan.end();
    expect(settlement.kind).toBe('abandon');
    const consumer = spanOf(SpanKind.CONSUMER, event.id);
    expect(logged).toHaveLength(1);
    expect(logged[0].fields).toEqual({ trace_id: producerTrace, span_id: consumer.spanContext().spanId });
  });
});
