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
    expect(deadLetter).toMatchObject({ reason: 'MaxDeliveryCountExceeded', deliveryCount: 2 });
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
