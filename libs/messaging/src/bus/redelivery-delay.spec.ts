import type { InboundMessage, MessageProcessor, Receiver, Settlement } from './bus.port';
import { DEFAULT_REDELIVERY_DELAY, receiveWithRedeliveryDelay, redeliveryHoldMs } from './redelivery-delay';

const limits = { lockDurationMs: 60_000, maxDeliveryCount: 10 };

describe('redeliveryHoldMs', () => {
  it('waits 1, 2, 4, 8, 16 s, then 30 s, after each failed delivery, and not after the last one (it is dead-lettered)', () => {
    const holds = Array.from({ length: 10 }, (_, i) => redeliveryHoldMs(i + 1, 60_000, DEFAULT_REDELIVERY_DELAY, limits));
    expect(holds).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 0]);
  });

  it('never holds past what is left of the lock less a margin', () => {
    expect(redeliveryHoldMs(6, 40_000, DEFAULT_REDELIVERY_DELAY, limits)).toBe(30_000);
    expect(redeliveryHoldMs(6, 20_000, DEFAULT_REDELIVERY_DELAY, limits)).toBe(15_000);
    expect(redeliveryHoldMs(6, 2_000, DEFAULT_REDELIVERY_DELAY, limits)).toBe(0);
    // A short lock keeps a fifth of itself as the margin.
    expect(redeliveryHoldMs(1, 1000, { firstMs: 5000, maxMs: 5000 }, { lockDurationMs: 1000, maxDeliveryCount: 3 })).toBe(800);
  });

  it('gives the message back at once when the delay is 0', () => {
    expect(redeliveryHoldMs(3, 0, { firstMs: 0, maxMs: 0 }, limits)).toBe(0);
  });
});

describe('receiveWithRedeliveryDelay', () => {
  const message = (deliveryCount: number): InboundMessage => ({
    messageId: 'm-1',
    body: {},
    applicationProperties: {},
    deliveryCount,
    enqueuedTime: new Date(),
    topic: 't',
    subscription: 's',
  });

  async function start(answer: Settlement, delay = { firstMs: 200, maxMs: 400 }) {
    let held: MessageProcessor | undefined;
    const inner: Receiver = { close: jest.fn(async () => undefined) };
    const receiver = await receiveWithRedeliveryDelay(
      async (process) => {
        held = process;
        return inner;
      },
      async () => answer,
      delay,
      limits,
    );
    const timed = async (deliveryCount: number, lockedUntil?: Date) => {
      const started = Date.now();
      const settlement = await held!({ ...message(deliveryCount), lockedUntil });
      return { settlement, tookMs: Date.now() - started };
    };
    return { receiver, inner, timed };
  }

  it('holds an abandoned message for the delay of its delivery before settling it, and settles the rest at once', async () => {
    const failing = await start({ kind: 'abandon', error: new Error('blob storage unavailable') });
    const first = await failing.timed(1);
    expect(first.settlement).toMatchObject({ kind: 'abandon' });
    expect(first.tookMs).toBeGreaterThanOrEqual(190);
    expect((await failing.timed(2)).tookMs).toBeGreaterThanOrEqual(390);

    // "At once" against waits of 10 s: far below them even on a busy machine.
    const long = { firstMs: 10_000, maxMs: 10_000 };
    expect((await (await start({ kind: 'abandon' }, long)).timed(10)).tookMs).toBeLessThan(5_000);
    expect((await (await start({ kind: 'complete' }, long)).timed(1)).tookMs).toBeLessThan(5_000);
    expect((await (await start({ kind: 'deadLetter', reason: 'X', description: 'y' }, long)).timed(1)).tookMs).toBeLessThan(5_000);
  });

  it('holds a message whose processor threw, as an abandon', async () => {
    let held: MessageProcessor | undefined;
    await receiveWithRedeliveryDelay(
      async (process) => {
        held = process;
        return { close: async () => undefined };
      },
      async () => {
        throw new Error('processor failed');
      },
      { firstMs: 200, maxMs: 200 },
      limits,
    );
    const started = Date.now();
    expect(await held!(message(1))).toMatchObject({ kind: 'abandon', error: expect.objectContaining({ message: 'processor failed' }) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('holds no longer than the lock the backend gave the delivery, when that ends sooner than the subscription says', async () => {
    const { timed } = await start({ kind: 'abandon' }, { firstMs: 20_000, maxMs: 20_000 });
    // The subscription's lock is 60 s, but this delivery's ends in 6 s: the hold stops 5 s before, after about 1 s.
    const { tookMs } = await timed(1, new Date(Date.now() + 6_000));
    expect(tookMs).toBeGreaterThanOrEqual(900);
    expect(tookMs).toBeLessThan(4_000);
  });

  it('ends every hold when the receiver closes, so the message goes back to the broker at once', async () => {
    const { receiver, inner, timed } = await start({ kind: 'abandon' }, { firstMs: 20_000, maxMs: 20_000 });
    const holding = timed(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await receiver.close();
    const { settlement, tookMs } = await holding;
    expect(settlement.kind).toBe('abandon');
    expect(tookMs).toBeLessThan(10_000);
    expect(inner.close).toHaveBeenCalledTimes(1);
    // A failure that ends while closing is not held either.
    expect((await timed(1)).tookMs).toBeLessThan(10_000);
  });
});
