import { createEvent } from '@switchyard/contracts';
import { firstValueFrom, toArray } from 'rxjs';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { UnknownSubscriptionError } from '../errors/unknown-subscription.error';
import { waitFor } from '../testing/wait-for';
import { waitForDeadLetter } from '../testing/wait-for-dead-letter';
import { EmbeddedBus } from './embedded-bus';

const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n } });

describe('EmbeddedBus', () => {
  let bus: EmbeddedBus;
  afterEach(() => bus.close());

  it('refuses a receiver that finished starting after the bus began to close, instead of leaving it attached', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology });
    const receiving = bus.receive({ topic: 'conformance', subscription: 'narrow' }, async () => ({ kind: 'complete' }));
    await bus.closeAndReport();
    await expect(receiving).rejects.toBeInstanceOf(BusUnavailableError);
  });

  it('keeps messages published before any consumer and delivers them in order once one attaches', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology });
    for (let n = 0; n < 5; n++) await bus.publisher.publish(event(n));
    expect(bus.backlog('conformance', 'narrow')).toBe(5);
    const seen: number[] = [];
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [on(ConformanceAlpha, (e) => void seen.push(e.data.n))]);
    await waitFor(() => (seen.length === 5 ? seen : undefined), 'five deliveries');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('dead-letters a message whose handler keeps outliving its lock, after maxDeliveryCount', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 30, maxDeliveryCount: 2 });
    const never = new Promise<void>(() => undefined);
    let deliveries = 0;
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 3 }, [
      on(ConformanceAlpha, () => (deliveries++ < 2 ? Promise.race([never, new Promise((r) => setTimeout(r, 100))]) : undefined)),
    ]);
    const published = event(1);
    await bus.publisher.publish(published);
    const deadLetter = await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: published.id });
    // The description Service Bus itself gives such a dead letter.
    expect(deadLetter).toMatchObject({ reason: 'MaxDeliveryCountExceeded', description: 'Message could not be consumed after 2 delivery attempts.', deliveryCount: 2 });
    expect(deliveries).toBe(2);
  });

  it('tells the settle observer when a late outcome was not applied because the lock expired', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 30, maxDeliveryCount: 5 });
    const failed: unknown[] = [];
    let deliveries = 0;
    await consumeEvents(
      bus,
      {
        topic: 'conformance',
        subscription: 'narrow',
        onSettled: (outcome) => void (outcome.settleFailed && failed.push({ deliveryCount: outcome.deliveryCount, settleFailed: outcome.settleFailed })),
      },
      [on(ConformanceAlpha, () => (deliveries++ === 0 ? new Promise((resolve) => setTimeout(resolve, 80)) : undefined))],
    );
    await bus.publisher.publish(event(1));
    await waitFor(() => (failed.length > 0 ? failed : undefined), 'the late outcome');
    expect(failed).toEqual([{ deliveryCount: 1, settleFailed: { code: 'MessageLockLost', error: expect.stringContaining('lock expired') } }]);
  });

  it('redelivers an abandoned message before the messages queued behind it', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology, redeliveryDelay: { firstMs: 0, maxMs: 0 }, onDropped: () => undefined });
    const [first, second] = [event(1), event(2)];
    await bus.publisher.publish(first);
    await bus.publisher.publish(second);
    const seen: string[] = [];
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 1, onSettled: () => undefined }, [
      on(ConformanceAlpha, (e, ctx) => {
        seen.push(`${e.data.n}#${ctx.deliveryCount}`);
        if (ctx.deliveryCount === 1 && e.data.n === 1) throw new Error('transient');
      }),
    ]);
    await waitFor(() => (seen.length === 3 ? seen : undefined), 'three deliveries');
    expect(seen).toEqual(['1#1', '1#2', '2#1']);
  });

  it('redelivers, and never completes, a message whose processor throws instead of answering', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology, maxDeliveryCount: 2, redeliveryDelay: { firstMs: 0, maxMs: 0 }, onDropped: () => undefined });
    const deliveries: number[] = [];
    await bus.receive({ topic: 'conformance', subscription: 'narrow' }, (message) => {
      deliveries.push(message.deliveryCount);
      throw Object.assign(new Error('processor bug'), { code: 'TEST.PROCESSOR_THREW' });
    });
    const published = event(1);
    await bus.publisher.publish(published);
    const deadLetter = await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: published.id, timeoutMs: 2000 });
    expect(deadLetter).toMatchObject({ reason: 'MaxDeliveryCountExceeded', deliveryCount: 2, lastError: 'TEST.PROCESSOR_THREW' });
    expect(deliveries).toEqual([1, 2]);
  });

  it('expires the lock of every message whose handler outlives it, also one locked after the first lock', async () => {
    // Both handlers hold their slots past their locks, so no new delivery re-arms the lock timer.
    bus = new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 100, maxDeliveryCount: 5, onDropped: () => undefined });
    const lost: string[] = [];
    const deliveries: string[] = [];
    await consumeEvents(
      bus,
      { topic: 'conformance', subscription: 'narrow', concurrency: 2, onSettled: (o) => void (o.settleFailed && lost.push(o.messageId)) },
      [
        on(ConformanceAlpha, async (e, ctx) => {
          deliveries.push(`${e.data.n}#${ctx.deliveryCount}`);
          if (ctx.deliveryCount === 1) await new Promise((resolve) => setTimeout(resolve, 400));
        }),
      ],
    );
    const [first, second] = [event(1), event(2)];
    await bus.publisher.publish(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await bus.publisher.publish(second);
    // Each late outcome is refused (lock lost) and each message comes again; unexpired, the second would be completed once.
    await waitFor(() => (deliveries.length === 4 && lost.length === 2 ? true : undefined), 'both late outcomes refused and both messages delivered again');
    expect(deliveries.sort()).toEqual(['1#1', '1#2', '2#1', '2#2']);
    expect(lost.sort()).toEqual([first.id, second.id].sort());
  });

  it('takes no new message into a receiver that is closing: close drains the one in flight and leaves the rest queued', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology, onDropped: () => undefined });
    for (const n of [1, 2, 3]) await bus.publisher.publish(event(n));
    const handled: number[] = [];
    const receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 1 }, [
      on(ConformanceAlpha, async (e) => {
        handled.push(e.data.n);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }),
    ]);
    await waitFor(() => (handled.length > 0 ? true : undefined), 'the first delivery');
    await receiver.close();
    expect(handled).toEqual([1]);
    expect(bus.backlog('conformance', 'narrow')).toBe(2);
  });

  it('close() waits for handlers in flight, then reports closed', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology });
    const states = firstValueFrom(bus.status$.pipe(toArray()));
    let started = false;
    let finished = false;
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [
      on(ConformanceAlpha, async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished = true;
      }),
    ]);
    await bus.publisher.publish(event(1));
    await waitFor(() => started || undefined, 'the handler to start');
    await bus.close();
    expect(finished).toBe(true);
    expect((await states).map((s) => s.state)).toEqual(['ready', 'closed']);
  });

  it('holds 10,000 scheduled messages as data until they are due', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology });
    const due = new Date(Date.now() + 60_000);
    for (let n = 0; n < 10_000; n++) await bus.publisher.publish(event(n), { scheduledEnqueueTime: due });
    expect(bus.scheduledCount).toBe(10_000);
    expect(bus.backlog('conformance', 'narrow')).toBe(0);
  });

  it('refuses to receive on a subscription the topology does not declare', async () => {
    bus = new EmbeddedBus({ topology: conformanceTopology });
    await expect(bus.receive({ topic: 'conformance', subscription: 'nobody' }, async () => ({ kind: 'complete' }))).rejects.toBeInstanceOf(
      UnknownSubscriptionError,
    );
  });
});
