import type { InboundMessage, MessageProcessor, Receiver, Settlement } from './bus.port';

/**
 * How long an abandoned message waits before it is given back: `firstMs` after the first failed
 * delivery, doubling up to `maxMs`. 0 gives it back at once (as the broker alone would).
 */
export interface RedeliveryDelay {
  firstMs: number;
  maxMs: number;
}

/** 1, 2, 4, 8, 16, 30, 30, 30, 30 s: ten deliveries spread over about 2.5 minutes. */
export const DEFAULT_REDELIVERY_DELAY: RedeliveryDelay = { firstMs: 1_000, maxMs: 30_000 };

/** What the subscription allows: the wait happens inside the message's lock, before its last delivery. */
export interface RedeliveryLimits {
  lockDurationMs: number;
  maxDeliveryCount: number;
}

/**
 * How long to hold a message whose `deliveryCount`-th delivery failed with `lockLeftMs` of its lock
 * left. Never on the last delivery (the abandon dead-letters it), never past the lock less a margin
 * (a lost lock would redeliver it at once and still count the delivery).
 */
export function redeliveryHoldMs(deliveryCount: number, lockLeftMs: number, delay: RedeliveryDelay, limits: RedeliveryLimits): number {
  if (deliveryCount >= limits.maxDeliveryCount) return 0;
  const backoff = Math.min(delay.firstMs * 2 ** Math.max(0, deliveryCount - 1), delay.maxMs);
  const margin = Math.min(5_000, limits.lockDurationMs / 5);
  return Math.max(0, Math.min(backoff, lockLeftMs - margin));
}

/**
 * What is left of a delivery's lock: by the subscription's lock duration from when the processor
 * began, and by the lock's end as the backend gave it, whichever is sooner (an entity created
 * elsewhere may have a shorter lock than the topology says; the processor may start late).
 */
function lockLeftMs(message: InboundMessage, startedAt: number, limits: RedeliveryLimits): number {
  const now = Date.now();
  const bySubscription = limits.lockDurationMs - (now - startedAt);
  return message.lockedUntil ? Math.min(bySubscription, message.lockedUntil.getTime() - now) : bySubscription;
}

/**
 * Starts a receiver whose processor, when a handler asks to abandon, first holds the message (in
 * its lock and its concurrency slot) for the redelivery delay. A broker redelivers an abandoned
 * message at once, so a downstream outage of a few seconds would otherwise use up every delivery
 * in milliseconds; holding the slot also stops the receiver taking new messages that would fail
 * the same way. Closing the receiver ends every hold at once: the messages go back to the broker
 * for another replica.
 */
export async function receiveWithRedeliveryDelay(
  start: (process: MessageProcessor) => Promise<Receiver>,
  process: MessageProcessor,
  delay: RedeliveryDelay,
  limits: RedeliveryLimits,
): Promise<Receiver> {
  const holds = new Set<() => void>();
  let closing = false;
  const receiver = await start(async (message) => {
    const started = Date.now();
    // A processor that throws asks for an abandon as well, and waits like one.
    const settlement: Settlement = await process(message).catch((error: unknown) => ({ kind: 'abandon', error }));
    if (settlement.kind !== 'abandon' || closing) return settlement;
    const holdMs = redeliveryHoldMs(message.deliveryCount, lockLeftMs(message, started, limits), delay, limits);
    if (holdMs > 0) await hold(holdMs, holds);
    return settlement;
  });
  return {
    close: async () => {
      closing = true;
      for (const end of [...holds]) end();
      await receiver.close();
    },
  };
}

function hold(ms: number, holds: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const end = () => {
      clearTimeout(timer);
      holds.delete(end);
      resolve();
    };
    const timer = setTimeout(end, ms);
    holds.add(end);
  });
}
