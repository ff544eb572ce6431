import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope } from '@switchyard/contracts';
import type { Bus, Receiver } from '../bus/bus.port';
import type { BusContext } from '../ctx-host/bus.context';
import type { RedeliveryDelay } from '../bus/redelivery-delay';
import { MAX_DELIVERY_COUNT_EXCEEDED } from '../bus/constants';
import { LAST_ERROR_PROPERTY } from '../bus/last-error-code';
import { consumeEvents, on } from '../consumer/consume-events';
import { DeadLetterReasons } from '../consumer/create-event-processor';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { InvalidEventError } from '../errors/invalid-event.error';
import { PermanentError } from '../errors/permanent.error';
import { toOutboundMessage } from '../mapping/to-outbound-message';
import type { MessageSender, OutboundMessage } from '../publisher/outbound-message';
import { waitFor } from '../testing/wait-for';
import { waitForDeadLetter } from '../testing/wait-for-dead-letter';
import { CONFORMANCE_TOPIC, ConformanceAlpha, ConformanceBeta, ConformanceUnrouted, MAX_DELIVERIES } from './conformance-topology';
import { Recorder } from './recorder';
import { nestTransportCases } from './nest-transport.cases';
import { SpanKind } from '@opentelemetry/api';
import { startInMemoryTracing } from '@switchyard/observability';
import Fastify from 'fastify';
import { adminKeyAuthenticator } from '../dead-letters/admin/admin-key';
import { registerDeadLetterAdminRoutes } from '../dead-letters/admin/dead-letter-admin.routes';

/** A backend under test: a bus on the conformance topology, a raw sender to bypass validation, its lock duration and redelivery delay. */
export interface ConformanceTarget {
  bus: Bus & MessageSender;
  lockDurationMs: number;
  /** Its configured wait before an abandoned message comes again (short enough to fit twice in the lock). */
  redeliveryDelay: RedeliveryDelay;
}

export type TargetFactory = () => Promise<ConformanceTarget>;

const source = 'urn:switchyard:conformance';
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** The same behaviour, case by case, for every bus backend. */
export function busConformanceCases(createTarget: TargetFactory): void {
  let target: ConformanceTarget;
  let bus: Bus & MessageSender;
  let run: string;
  const receivers: Receiver[] = [];

  const alpha = (n: number, extra: { token?: string } = {}) => createEvent(ConformanceAlpha, { source, traceparent, data: { run, n, ...extra } });
  const beta = (n: number) => createEvent(ConformanceBeta, { source, data: { run, n } });
  const sendRaw = (message: Partial<OutboundMessage> & { body: unknown }) =>
    bus.send(CONFORMANCE_TOPIC, { ...toOutboundMessage(alpha(0)), messageId: randomUUID(), ...message });

  const consume = async (subscription: 'wide' | 'narrow', recorder: Recorder, handle?: (event: EventEnvelope, ctx: BusContext) => unknown, concurrency = 1) => {
    const receiver = await consumeEvents(bus, { topic: CONFORMANCE_TOPIC, subscription, concurrency }, [
      on(ConformanceAlpha, (event, ctx) => (recorder.record(event, ctx) ? handle?.(event, ctx) : undefined)),
      on(ConformanceBeta, (event, ctx) => (recorder.record(event, ctx) ? handle?.(event, ctx) : undefined)),
    ]);
    receivers.push(receiver);
    return receiver;
  };

  beforeEach(async () => {
    target = await createTarget();
    bus = target.bus;
    run = randomUUID();
  });

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
    await bus.close();
  });

  it('delivers a published event with its id, data, correlation id and trace context', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder);
    const event = alpha(1);
    await bus.publisher.publish(event);
    const [received] = await recorder.count(1);
    expect(received.event).toEqual(event);
    expect(received.ctx).toMatchObject({
      messageId: event.id,
      deliveryCount: 1,
      topic: CONFORMANCE_TOPIC,
      subscription: 'narrow',
      correlationId: event.correlationId,
      traceparent,
    });
    expect(received.ctx.applicationProperties['cloudEvents:type']).toBe(ConformanceAlpha.type);
  });

  it('fans an event out to every subscription whose filter takes its type', async () => {
    const wide = new Recorder(run);
    const narrow = new Recorder(run);
    await consume('wide', wide);
    await consume('narrow', narrow);
    const event = alpha(1);
    await bus.publisher.publish(event);
    expect((await wide.count(1))[0].event.id).toBe(event.id);
    expect((await narrow.count(1))[0].event.id).toBe(event.id);
  });

  it('filters by type: a subscription never sees types it does not take', async () => {
    const wide = new Recorder(run);
    const narrow = new Recorder(run);
    await consume('wide', wide);
    await consume('narrow', narrow);
    await bus.publisher.publish(beta(1));
    await bus.publisher.publish(alpha(2));
    await wide.count(2);
    await narrow.count(1);
    // The beta event was published first; had narrow taken it, it would be here before alpha.
    expect(narrow.received.map((r) => r.event.type)).toEqual([ConformanceAlpha.type]);
    expect(wide.received.map((r) => r.event.type).sort()).toEqual([ConformanceAlpha.type, ConformanceBeta.type].sort());
  });

  it('redelivers after a handler failure, waiting longer after each, and dead-letters after maxDeliveryCount with the last error', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder, (_event, ctx) => {
      throw Object.assign(new Error('downstream unavailable'), { code: `TEST.DOWN_${ctx.deliveryCount}` });
    });
    const event = alpha(1);
    await bus.publisher.publish(event);
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id, timeoutMs: 15_000 });
    expect(recorder.received.map((r) => r.ctx.deliveryCount)).toEqual([1, 2, 3].slice(0, MAX_DELIVERIES));
    expect(deadLetter.reason).toBe(MAX_DELIVERY_COUNT_EXCEEDED);
    // What it ran out of deliveries on: the code of the last failure, never its message.
    expect(deadLetter.lastError).toBe(`TEST.DOWN_${MAX_DELIVERIES}`);
    // Each redelivery carries the code of the failure before it, as Service Bus's abandon sets it.
    expect(recorder.received.map((r) => r.ctx.applicationProperties[LAST_ERROR_PROPERTY])).toEqual(
      [undefined, 'TEST.DOWN_1', 'TEST.DOWN_2'].slice(0, MAX_DELIVERIES),
    );
    // Listed with as many deliveries as it had (on Service Bus, a peeked count is not one behind).
    expect(deadLetter.deliveryCount).toBe(MAX_DELIVERIES);
    expect((deadLetter.body as EventEnvelope).id).toBe(event.id);
    // The waits before redelivery: timers never fire early, but Date.now() is read a little after each delivery began.
    const [first, second, third] = recorder.received.map((r) => r.at);
    const { firstMs, maxMs } = target.redeliveryDelay;
    expect(second - first).toBeGreaterThanOrEqual(firstMs - 10);
    expect(third - second).toBeGreaterThanOrEqual(Math.min(2 * firstMs, maxMs) - 10);
  });

  it('completes a message whose handler succeeds on a redelivery', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder, () => {
      if (recorder.received.length === 1) throw new Error('flaky once');
    });
    const event = alpha(1);
    await bus.publisher.publish(event);
    await recorder.count(2);
    await bus.publisher.publish(alpha(2));
    await recorder.count(3);
    expect(recorder.received.map((r) => [r.event.data.n, r.ctx.deliveryCount])).toEqual([[1, 1], [1, 2], [2, 1]]);
    expect((await bus.deadLetters(CONFORMANCE_TOPIC, 'narrow').list()).filter((d) => d.messageId === event.id)).toEqual([]);
  });

  it('dead-letters at once on PermanentError, with its code as reason and its message as description', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder, () => {
      throw new PermanentError('BADGE.UNKNOWN_PROJECT', 'Project 42 is not configured; add it to BADGE_PROJECTS');
    });
    const event = alpha(1);
    await bus.publisher.publish(event);
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    expect(deadLetter).toMatchObject({
      reason: 'BADGE.UNKNOWN_PROJECT',
      description: 'Project 42 is not configured; add it to BADGE_PROJECTS',
      subject: ConformanceAlpha.type,
    });
    expect(recorder.received).toHaveLength(1);
  });

  it('delivers a message id published twice within the duplicate window once', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder);
    const event = alpha(1);
    await bus.publisher.publish(event);
    await bus.publisher.publish(event);
    await bus.publisher.publish(alpha(2));
    await recorder.count(2);
    // Give a wrongly delivered duplicate the time it would need to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recorder.received.map((r) => r.event.data.n)).toEqual([1, 2]);
  });

  it('does not deliver a scheduled message before its time', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder);
    const due = new Date(Date.now() + 1500);
    await bus.publisher.publish(alpha(1), { scheduledEnqueueTime: due });
    await bus.publisher.publish(alpha(2));
    await recorder.count(1);
    expect(recorder.received.map((r) => r.event.data.n)).toEqual([2]);
    const [, scheduled] = await recorder.count(2, 10_000);
    expect(scheduled.event.data.n).toBe(1);
    expect(scheduled.at).toBeGreaterThanOrEqual(due.getTime());
  });

  it.each<[string, string, () => unknown]>([
    // The refused value is itself a secret (a token pasted into the wrong field), and so is a valid field beside it.
    ['an envelope its contract refuses', DeadLetterReasons.schemaViolation, () => ({ ...alpha(1), data: { run, n: 'pat-SECRET-456', token: 'pat-SECRET-123' } })],
    ['an unknown event type', DeadLetterReasons.unknownEventType, () => ({ ...alpha(1), type: 'conformance.nobody-knows.v1' })],
    ['a body that is not an envelope', DeadLetterReasons.invalidEnvelope, () => 'plain text, token pat-SECRET-123'],
  ])('dead-letters %s with a reason and without echoing the body', async (_, reason, body) => {
    await consume('narrow', new Recorder(run));
    const messageId = randomUUID();
    await sendRaw({ messageId, body: body() });
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId });
    expect(deadLetter.reason).toBe(reason);
    expect(deadLetter.description.length).toBeGreaterThan(0);
    expect(deadLetter.description).not.toContain('SECRET');
  });

  it('dead-letters a known type the consumer has no handler for', async () => {
    const receiver = await consumeEvents(bus, { topic: CONFORMANCE_TOPIC, subscription: 'wide' }, [on(ConformanceAlpha, () => undefined)]);
    receivers.push(receiver);
    const event = beta(1);
    await bus.publisher.publish(event);
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'wide', { messageId: event.id });
    expect(deadLetter.reason).toBe(DeadLetterReasons.noHandler);
  });

  it('redelivers a message whose handler runs past the lock', async () => {
    const recorder = new Recorder(run);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await consume('narrow', recorder, () => (recorder.received.length === 1 ? released : undefined), 2);
    await bus.publisher.publish(alpha(1));
    const [first, second] = await recorder.count(2, target.lockDurationMs * 3 + 5000);
    release();
    expect(second.event.id).toBe(first.event.id);
    expect(second.ctx.deliveryCount).toBe(2);
    expect(second.at - first.at).toBeGreaterThanOrEqual(target.lockDurationMs - 50);
  }, 30_000);

  it('runs at most `concurrency` handlers at once per receiver', async () => {
    const recorder = new Recorder(run);
    let running = 0;
    let peak = 0;
    await consume(
      'narrow',
      recorder,
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
      },
      2,
    );
    for (let n = 0; n < 6; n++) await bus.publisher.publish(alpha(n));
    await recorder.count(6);
    expect(peak).toBe(2);
  });

  it('drains handlers in flight on close, settling their messages', async () => {
    const recorder = new Recorder(run);
    let finished = false;
    const receiver = await consume('narrow', recorder, async () => {
      await new Promise((resolve) => setTimeout(resolve, target.lockDurationMs / 3));
      finished = true;
    });
    const event = alpha(1);
    await bus.publisher.publish(event);
    await recorder.count(1);
    await receiver.close();
    expect(finished).toBe(true);
    // Completed, not left for redelivery: a new consumer sees only the next event.
    const next = new Recorder(run);
    await consume('narrow', next);
    await bus.publisher.publish(alpha(2));
    await next.count(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(next.received.map((r) => r.event.data.n)).toEqual([2]);
  });

  it('resubmits a dead letter to its own subscription only', async () => {
    const narrow = new Recorder(run);
    const wide = new Recorder(run);
    await consume('narrow', narrow, () => {
      if (narrow.received.length === 1) throw new PermanentError('TEST.REJECTED', 'rejected the first time');
    });
    await consume('wide', wide);
    const event = alpha(1);
    await bus.publisher.publish(event);
    await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    await wide.count(1);
    expect(await bus.deadLetters(CONFORMANCE_TOPIC, 'narrow').resubmit([event.id])).toBe(1);
    const [, again] = await narrow.count(2);
    expect(again.event).toEqual(event);
    await bus.publisher.publish(alpha(2));
    await wide.count(2);
    expect(wide.received.map((r) => r.event.data.n)).toEqual([1, 2]);
    expect((await bus.deadLetters(CONFORMANCE_TOPIC, 'narrow').list()).filter((d) => d.messageId === event.id)).toEqual([]);
  });

  it('resubmits a dead letter as a new message: dead-lettered again, it has its own id, enqueued time and deliveries, and names the dead letter it came from', async () => {
    const narrow = new Recorder(run);
    await consume('narrow', narrow, () => {
      throw new PermanentError('TEST.REJECTED', 'rejected every time');
    });
    const event = alpha(1);
    await bus.publisher.publish(event);
    const original = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the fix comes later than the failure
    const queue = bus.deadLetters(CONFORMANCE_TOPIC, 'narrow');
    expect(await queue.resubmit([event.id])).toBe(1);
    const copy = await waitFor(async () => (await queue.list()).find((d) => d.resubmittedFrom === event.id), 'the resubmitted copy dead-lettered again', 15_000);
    expect(copy.messageId).not.toBe(event.id);
    expect(copy).toMatchObject({ subject: ConformanceAlpha.type, reason: 'TEST.REJECTED', deliveryCount: 1 });
    expect(copy.enqueuedTime.getTime()).toBeGreaterThan(original.enqueuedTime.getTime());
    expect((copy.body as EventEnvelope).id).toBe(event.id);
    expect((await queue.list()).filter((d) => d.messageId === event.id)).toEqual([]);
  });

  it('purges dead letters by id for good, saying the reason of each and which ids it did not find', async () => {
    const narrow = new Recorder(run);
    await consume('narrow', narrow, () => {
      throw new PermanentError('TEST.REJECTED', 'rejected for purging');
    });
    const [kept, purged] = [alpha(1), alpha(2)];
    for (const event of [kept, purged]) await bus.publisher.publish(event);
    for (const event of [kept, purged]) await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    const queue = bus.deadLetters(CONFORMANCE_TOPIC, 'narrow');
    await expect(queue.purge({ ids: [purged.id, `${run}-no-such-id`] })).resolves.toEqual({ purged: [{ messageId: purged.id, reason: 'TEST.REJECTED' }], notFound: [`${run}-no-such-id`] });
    const left = (await queue.list()).map((d) => d.messageId);
    expect(left).toContain(kept.id);
    expect(left).not.toContain(purged.id);
    await expect(queue.resubmit([purged.id])).resolves.toBe(0);
  });

  it('lists dead letters in pages: each one exactly once, no page above its limit, no cursor after the last', async () => {
    const recorder = new Recorder(run);
    await consume('narrow', recorder, () => {
      throw new PermanentError('TEST.REJECTED', 'rejected for paging');
    });
    const events = [1, 2, 3, 4, 5].map((n) => alpha(n));
    for (const event of events) await bus.publisher.publish(event);
    for (const event of events) await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    const queue = bus.deadLetters(CONFORMANCE_TOPIC, 'narrow');
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | undefined;
    do {
      const page = await queue.list({ limit: 2, after });
      sizes.push(page.length);
      seen.push(...page.map((d) => d.messageId));
      after = page.next;
    } while (after !== undefined && sizes.length < 1_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(sizes[sizes.length - 1]).toBeGreaterThan(0);
    const ours = seen.filter((id) => events.some((event) => event.id === id));
    expect(ours.sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('lists and resubmits dead letters through the admin API the dead-letter CLI uses, without bodies', async () => {
    const narrow = new Recorder(run);
    await consume('narrow', narrow, () => {
      if (narrow.received.length === 1) throw new PermanentError('TEST.REJECTED', 'rejected the first time');
    });
    const event = alpha(1, { token: 'body-secret' });
    await bus.publisher.publish(event);
    await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    const admin = Fastify();
    registerDeadLetterAdminRoutes(admin, bus, { authenticate: adminKeyAuthenticator(['conformance-key']) });
    const url = await admin.listen({ host: '127.0.0.1', port: 0 });
    try {
      const headers = { 'x-hook-key': 'conformance-key', 'content-type': 'application/json' };
      const listed = await (await fetch(`${url}/admin/dead-letters?subscription=conformance/narrow`, { headers })).json();
      expect(listed.subscriptions[0].deadLetters).toContainEqual(
        expect.objectContaining({ messageId: event.id, type: ConformanceAlpha.type, reason: 'TEST.REJECTED', description: 'rejected the first time' }),
      );
      expect(JSON.stringify(listed)).not.toContain('body-secret');
      const body = JSON.stringify({ subscription: 'conformance/narrow', ids: [event.id] });
      const resubmitted = await (await fetch(`${url}/admin/dead-letters/resubmit`, { method: 'POST', headers, body })).json();
      expect(resubmitted).toEqual({ subscription: 'conformance/narrow', resubmitted: 1, notFound: [] });
      const [, again] = await narrow.count(2);
      expect(again.event).toEqual(event);
    } finally {
      await admin.close();
    }
  });

  it('carries the PRODUCER span context to the CONSUMER span in traceparent and Diagnostic-Id', async () => {
    const tracing = startInMemoryTracing();
    try {
      const recorder = new Recorder(run);
      await consume('narrow', recorder);
      const event = createEvent(ConformanceAlpha, { source, data: { run, n: 1 } });
      await bus.publisher.publish(event);
      const [received] = await recorder.count(1);
      const ofEvent = (kind: SpanKind) => tracing.spans().find((span) => span.kind === kind && span.attributes['messaging.message.id'] === event.id);
      const consumer = await waitFor(() => ofEvent(SpanKind.CONSUMER), 'the consumer span');
      const producer = await waitFor(() => ofEvent(SpanKind.PRODUCER), 'the producer span');
      const producerTraceparent = `00-${producer.spanContext().traceId}-${producer.spanContext().spanId}-01`;
      expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
      expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
      expect(received.ctx.applicationProperties).toMatchObject({ traceparent: producerTraceparent, 'Diagnostic-Id': producerTraceparent });
      expect(received.event.traceparent).toBe(producerTraceparent);
    } finally {
      await tracing.shutdown();
    }
  });

  it('tells onSettled how each message was settled, with the error of an abandon', async () => {
    const outcomes: { n: unknown; kind: string; detail?: unknown }[] = [];
    const failure = new Error('transient');
    const receiver = await consumeEvents(
      bus,
      {
        topic: CONFORMANCE_TOPIC,
        subscription: 'narrow',
        onSettled: ({ settlement, deliveryCount, type }) =>
          outcomes.push({
            n: `${type}#${deliveryCount}`,
            kind: settlement.kind,
            detail: settlement.kind === 'abandon' ? settlement.error : settlement.kind === 'deadLetter' ? settlement.reason : undefined,
          }),
      },
      [
        on(ConformanceAlpha, (event, ctx) => {
          if (event.data.run !== run) return;
          if (event.data.n === 1 && ctx.deliveryCount === 1) throw failure;
          if (event.data.n === 2) throw new PermanentError('TEST.NO', 'no');
        }),
      ],
    );
    receivers.push(receiver);
    const refused = alpha(2);
    await bus.publisher.publish(alpha(1));
    await bus.publisher.publish(refused);
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: refused.id, timeoutMs: 10_000 });
    expect(deadLetter.reason).toBe('TEST.NO');
    await waitFor(() => (outcomes.length >= 3 ? true : undefined), 'three settlements');
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { n: `${ConformanceAlpha.type}#1`, kind: 'abandon', detail: failure },
        { n: `${ConformanceAlpha.type}#2`, kind: 'complete', detail: undefined },
        { n: `${ConformanceAlpha.type}#1`, kind: 'deadLetter', detail: 'TEST.NO' },
      ]),
    );
  });

  it('refuses to publish an event without a contract or one its contract refuses', async () => {
    await expect(bus.publisher.publish({ ...alpha(1), type: 'nobody.knows.v1' })).rejects.toMatchObject({
      code: 'MESSAGING.UNKNOWN_EVENT_TYPE',
    });
    const invalid = { ...alpha(1), data: { run, n: 'one' } } as unknown as EventEnvelope;
    const rejection = bus.publisher.publish(invalid);
    await expect(rejection).rejects.toBeInstanceOf(InvalidEventError);
    await expect(rejection).rejects.toMatchObject({ code: 'MESSAGING.INVALID_EVENT', issues: [expect.stringContaining('data.n')] });
  });

  it('accepts an event no subscription takes (the broker drops it)', async () => {
    await expect(bus.publisher.publish(createEvent(ConformanceUnrouted, { source, data: { run } }))).resolves.toBeUndefined();
  });

  it('rejects publishing with BusUnavailableError once closed', async () => {
    await bus.close();
    await expect(bus.publisher.publish(alpha(1))).rejects.toBeInstanceOf(BusUnavailableError);
  });

  describe('Nest transport', () => nestTransportCases(() => ({ bus, run })));
}
