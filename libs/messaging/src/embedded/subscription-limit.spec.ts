import { createEvent } from '@switchyard/contracts';
import type { BusStatus } from '../bus/bus.port';
import type { Topology } from '../bus/topology';
import { ConformanceAlpha, ConformanceBeta, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { BusConfigError } from '../errors/bus-config.error';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { PermanentError } from '../errors/permanent.error';
import { waitFor } from '../testing/wait-for';
import { EmbeddedBus } from './embedded-bus';

// Alpha reaches only "narrow", Beta only "wide": filling one subscription leaves the other's publishes alone.
const topology: Topology = {
  contracts: conformanceTopology.contracts,
  subscriptions: [
    { topic: 'conformance', name: 'narrow', eventTypes: [ConformanceAlpha.type], maxDeliveryCount: 3, lockDurationSeconds: 5 },
    { topic: 'conformance', name: 'wide', eventTypes: [ConformanceBeta.type], maxDeliveryCount: 3, lockDurationSeconds: 5 },
  ],
};
const alpha = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'limit', n } });
const beta = (n: number) => createEvent(ConformanceBeta, { source: 'urn:test', data: { run: 'limit', n } });

describe('EmbeddedBus subscription limit (as a Service Bus entity size quota)', () => {
  let bus: EmbeddedBus;
  let statuses: BusStatus[];
  const start = (maxMessagesPerSubscription?: number) => {
    bus = new EmbeddedBus({ topology, maxMessagesPerSubscription, redeliveryDelay: { firstMs: 0, maxMs: 0 }, onDropped: () => undefined });
    statuses = [];
    bus.status$.subscribe((status) => statuses.push(status));
  };
  afterEach(() => bus.close());

  it('refuses a publish a full subscription would receive, naming it and what to do, drops nothing it accepted, and is ready again once it has room', async () => {
    start(3);
    const accepted = [alpha(1), alpha(2), alpha(3)];
    for (const event of accepted) await bus.publisher.publish(event);
    expect(statuses.at(-1)).toEqual({
      state: 'degraded',
      error: { code: 'MESSAGING.SUBSCRIPTION_FULL', message: expect.stringContaining('conformance/narrow holds 3 messages (3 active, 0 scheduled, 0 dead-lettered)') },
    });

    const refusedEvent = alpha(4);
    const refused = bus.publisher.publish(refusedEvent);
    await expect(refused).rejects.toBeInstanceOf(BusUnavailableError);
    // The code the ingress answers 503 BUS_UNAVAILABLE (with Retry-After) for.
    await expect(refused).rejects.toMatchObject({
      code: 'MESSAGING.BUS_UNAVAILABLE',
      message: expect.stringMatching(/conformance\/narrow holds 3 messages .*BUS_EMBEDDED_MAX_MESSAGES.*consumer is behind or down.*resubmit or purge/),
    });
    await expect(bus.publisher.publish(beta(1))).resolves.toBeUndefined(); // "wide" has room

    const seen: number[] = [];
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [on(ConformanceAlpha, (e) => void seen.push(e.data.n))]);
    await waitFor(() => (statuses.at(-1)?.state === 'ready' ? true : undefined), 'ready once narrow has room');
    // The retry of the refused event is delivered, not dropped as a duplicate of a message never accepted.
    await bus.publisher.publish(refusedEvent);
    await waitFor(() => (seen.length === 4 ? seen : undefined), 'every accepted message and the retry');
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('counts dead letters; abandon, dead-lettering and resubmitting them are never refused and lose nothing', async () => {
    start(2);
    let healthy = false;
    const completed: number[] = [];
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', onSettled: () => undefined }, [
      on(ConformanceAlpha, (e, ctx) => {
        if (healthy) return void completed.push(e.data.n);
        if (ctx.deliveryCount === 1) throw new Error('transient'); // abandoned, delivered again
        throw new PermanentError('TEST.REFUSED', 'refused');
      }),
    ]);
    await bus.publisher.publish(alpha(1));
    await bus.publisher.publish(alpha(2));
    const deadLetters = bus.deadLetters('conformance', 'narrow');
    await waitFor(async () => ((await deadLetters.list()).length === 2 ? true : undefined), 'two dead letters');

    await expect(bus.publisher.publish(alpha(3))).rejects.toThrow('conformance/narrow holds 2 messages (0 active, 0 scheduled, 2 dead-lettered)');
    healthy = true;
    await expect(deadLetters.resubmit()).resolves.toBe(2);
    await waitFor(() => (completed.length === 2 ? true : undefined), 'the resubmitted copies to complete');
    await waitFor(() => (statuses.at(-1)?.state === 'ready' ? true : undefined), 'ready again');
    await bus.publisher.publish(alpha(3));
    await waitFor(() => (completed.length === 3 ? true : undefined), 'the third message');
    expect(completed.sort()).toEqual([1, 2, 3]);
  });

  it('has room again once dead letters are purged', async () => {
    start(1);
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', onSettled: () => undefined }, [
      on(ConformanceAlpha, () => {
        throw new PermanentError('TEST.REFUSED', 'refused');
      }),
    ]);
    await bus.publisher.publish(alpha(1));
    const deadLetters = bus.deadLetters('conformance', 'narrow');
    await waitFor(async () => ((await deadLetters.list()).length === 1 ? true : undefined), 'a dead letter');
    await expect(bus.publisher.publish(alpha(2))).rejects.toBeInstanceOf(BusUnavailableError);
    await deadLetters.purge({ all: true });
    expect(statuses.at(-1)).toEqual({ state: 'ready' });
    await expect(bus.publisher.publish(alpha(2))).resolves.toBeUndefined();
  });

  it('counts scheduled messages from when they are scheduled, and as active once due', async () => {
    start(2);
    const soon = new Date(Date.now() + 50);
    await bus.publisher.publish(alpha(1), { scheduledEnqueueTime: soon });
    await bus.publisher.publish(alpha(2), { scheduledEnqueueTime: soon });
    await expect(bus.publisher.publish(alpha(3), { scheduledEnqueueTime: soon })).rejects.toThrow('(0 active, 2 scheduled, 0 dead-lettered)');
    await waitFor(() => (bus.backlog('conformance', 'narrow') === 2 ? true : undefined), 'the scheduled messages to be due');
    await expect(bus.publisher.publish(alpha(3))).rejects.toThrow('(2 active, 0 scheduled, 0 dead-lettered)');
  });

  it('counts a scheduled message only toward the subscriptions whose filter takes it', async () => {
    start(2);
    const later = new Date(Date.now() + 60_000);
    // Beta reaches only "wide": scheduling two of them fills "wide" and leaves "narrow" empty.
    await bus.publisher.publish(beta(1), { scheduledEnqueueTime: later });
    await bus.publisher.publish(beta(2), { scheduledEnqueueTime: later });
    await expect(bus.publisher.publish(beta(3))).rejects.toThrow('conformance/wide holds 2 messages (0 active, 2 scheduled, 0 dead-lettered)');
    await expect(bus.publisher.publish(alpha(1))).resolves.toBeUndefined();
    await expect(bus.publisher.publish(alpha(2))).resolves.toBeUndefined();
    expect(bus.backlog('conformance', 'narrow')).toBe(2);
  });

  it('lets a handler publish its own follow-up to a full subscription: the message it handles does not count', async () => {
    start(3);
    for (const n of [1, 2, 3]) await bus.publisher.publish(alpha(n));
    const handled: number[] = [];
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 1 }, [
      on(ConformanceAlpha, async (e) => {
        handled.push(e.data.n);
        // A re-evaluation: the next step of this work, published before this message completes,
        // while the subscription holds its limit counting this message.
        if (e.data.n < 3) await bus.publisher.publish(alpha(e.data.n + 100), { scheduledEnqueueTime: new Date(Date.now() + 20) });
      }),
    ]);
    await waitFor(() => (handled.length >= 5 ? true : undefined), 'each message and the follow-ups of the first two');
    expect(handled.slice(0, 3)).toEqual([1, 2, 3]);
    expect(handled.slice(3).sort()).toEqual([101, 102]);
    expect(await bus.deadLetters('conformance', 'narrow').list()).toEqual([]);
  });

  it('accepts (and drops) a copy of a message it already took, full or not', async () => {
    start(2);
    const first = alpha(1);
    await bus.publisher.publish(first);
    await bus.publisher.publish(alpha(2));
    await expect(bus.publisher.publish(first)).resolves.toBeUndefined();
    expect(bus.backlog('conformance', 'narrow')).toBe(2);
  });

  it('holds 10,000 messages per subscription by default', async () => {
    start();
    for (let n = 0; n < 10_000; n++) await bus.publisher.publish(alpha(n));
    await expect(bus.publisher.publish(alpha(10_000))).rejects.toThrow('conformance/narrow holds 10000 messages');
    expect(bus.backlog('conformance', 'narrow')).toBe(10_000);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p, naming the option', (max) => {
    expect(() => new EmbeddedBus({ topology, maxMessagesPerSubscription: max })).toThrow(BusConfigError);
    expect(() => new EmbeddedBus({ topology, maxMessagesPerSubscription: max })).toThrow(/^maxMessagesPerSubscription: must be a whole number of at least 1/);
    start(); // afterEach closes it
  });
});
