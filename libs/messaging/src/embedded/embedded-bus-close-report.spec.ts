import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { PermanentError } from '../errors/permanent.error';
import { waitFor, waitForDeadLetter } from '../testing';
import { totalDropped, type CloseReport } from './drop-report';
import { EmbeddedBus } from './embedded-bus';

const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n } });

describe('EmbeddedBus close report', () => {
  it('reports queued messages per subscription and scheduled ones per topic, to the caller and to onDropped', async () => {
    const hooked: CloseReport[] = [];
    const bus = new EmbeddedBus({ topology: conformanceTopology, onDropped: (report) => hooked.push(report) });
    for (let n = 0; n < 3; n++) await bus.publisher.publish(event(n));
    await bus.publisher.publish(event(9), { scheduledEnqueueTime: new Date(Date.now() + 60_000) });
    await bus.publisher.publish(event(10), { scheduledEnqueueTime: new Date(Date.now() + 60_000) });
    const queuedPerSubscription = bus.backlog('conformance', 'narrow');

    const report = await bus.closeAndReport();

    expect(report.dropped).toContainEqual({ topic: 'conformance', queued: 0, scheduled: 2 });
    expect(report.dropped).toContainEqual({ topic: 'conformance', subscription: 'narrow', queued: queuedPerSubscription, scheduled: 0 });
    expect(queuedPerSubscription).toBe(3);
    expect(hooked).toEqual([report]);
    // A second close is the same close: same report, the hook is not told twice.
    await expect(bus.closeAndReport()).resolves.toBe(report);
    await bus.close();
    expect(hooked).toHaveLength(1);
  });

  it('reports the dead letters that go with the bus, by id and reason, since they cannot be resubmitted after a restart', async () => {
    const hooked: CloseReport[] = [];
    const bus = new EmbeddedBus({ topology: conformanceTopology, onDropped: (report) => hooked.push(report) });
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [
      on(ConformanceAlpha, () => {
        throw new PermanentError('TEST.REFUSED', 'refused for good');
      }),
    ]);
    const published = event(1);
    await bus.publisher.publish(published);
    await waitForDeadLetter(bus, 'conformance', 'narrow');

    const report = await bus.closeAndReport();

    expect(report.dropped).toContainEqual({
      topic: 'conformance',
      subscription: 'narrow',
      queued: 0,
      scheduled: 0,
      deadLettered: 1,
      deadLetters: [{ messageId: published.id, reason: 'TEST.REFUSED' }],
    });
    expect(totalDropped(report)).toBeGreaterThanOrEqual(1);
    expect(hooked).toEqual([report]);
  });

  it('reports nothing, and does not call onDropped, when every message was delivered', async () => {
    const onDropped = jest.fn();
    const bus = new EmbeddedBus({ topology: conformanceTopology, onDropped });
    const seen: number[] = [];
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [on(ConformanceAlpha, (e) => void seen.push(e.data.n))]);
    await bus.publisher.publish(event(1));
    await waitFor(() => (seen.length > 0 ? seen : undefined), 'the delivery');
    const report = await bus.closeAndReport();
    expect(seen).toEqual([1]);
    expect(report.dropped.filter((d) => d.subscription === 'narrow')).toEqual([]);
    expect(report.dropped.some((d) => d.scheduled > 0)).toBe(false);
  });

  it('writes one JSON line to stderr when no hook is given', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const bus = new EmbeddedBus({ topology: conformanceTopology });
      await bus.publisher.publish(event(1), { scheduledEnqueueTime: new Date(Date.now() + 60_000) });
      await bus.close();
      const lines = write.mock.calls.map(([chunk]) => String(chunk)).filter((line) => line.includes('dropped-on-close'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ event: 'messaging.embedded.dropped-on-close', total: 1, dropped: [{ topic: 'conformance', queued: 0, scheduled: 1 }] });
    } finally {
      write.mockRestore();
    }
  });
});

describe('EmbeddedBus closeNow (a stop that does not wait for handlers)', () => {
  /** A consumer of one message at a time whose handler waits until released: its message stays in flight. */
  async function busWithBlockedHandler(hooked: CloseReport[], settled: unknown[]) {
    const bus = new EmbeddedBus({ topology: conformanceTopology, onDropped: (report) => hooked.push(report) });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 1, onSettled: (outcome) => void settled.push(outcome) }, [
      on(ConformanceAlpha, async () => {
        entered = true;
        await released;
      }),
    ]);
    for (let n = 0; n < 3; n++) await bus.publisher.publish(event(n));
    await waitFor(() => (entered ? true : undefined), 'the first delivery');
    return { bus, release, receiver };
  }

  it('reports at once what the bus holds, the message in flight included, without waiting for its handler', async () => {
    const hooked: CloseReport[] = [];
    const settled: unknown[] = [];
    const { bus, release, receiver } = await busWithBlockedHandler(hooked, settled);

    const report = bus.closeNow();

    expect(report.dropped).toContainEqual({ topic: 'conformance', subscription: 'narrow', queued: 3, scheduled: 0 });
    expect(hooked).toEqual([report]);
    await expect(bus.publisher.publish(event(9))).rejects.toThrow(/closed/);
    // The handler that ends afterwards settles nothing: its message is already reported as dropped,
    // and no "lock expired, delivered again" is said about it.
    release();
    await receiver.close();
    expect(JSON.stringify(settled)).not.toContain('MessageLockLost');
    await expect(bus.closeAndReport()).resolves.toBe(report);
    expect(hooked).toHaveLength(1);
  });

  it('reports once when a close waiting for handlers is under way: the stop at once tells what that close would have', async () => {
    const hooked: CloseReport[] = [];
    const { bus, release } = await busWithBlockedHandler(hooked, []);
    const closing = bus.closeAndReport();

    const report = bus.closeNow();

    expect(hooked).toEqual([report]);
    expect(report.dropped).toContainEqual({ topic: 'conformance', subscription: 'narrow', queued: 3, scheduled: 0 });
    release();
    await expect(closing).resolves.toBe(report);
    expect(hooked).toHaveLength(1);
  });
});
