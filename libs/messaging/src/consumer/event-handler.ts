import type { EventContract, EventEnvelope } from '@switchyard/contracts';
import type { Settlement } from '../bus/bus.port';
import type { BusContext } from '../ctx-host/bus.context';

/** A handler for one contract; may return a promise or an observable, both are awaited. */
export type EventHandler = (event: EventEnvelope, ctx: BusContext) => unknown;

/** Told how every message was settled and why (for logs and metrics; never sees the body). */
export type SettlementObserver = (outcome: {
  messageId: string;
  /**
   * The event type, when this consumer handles it; "other" for a type it has no handler for (a report
   * of a failed settlement keeps the body's type); undefined for a body without one.
   */
  type: string | undefined;
  topic: string;
  subscription: string;
  deliveryCount: number;
  /** The subscription's maxDeliveryCount, when the backend knows it (an abandon at this count is the last one). */
  maxDeliveryCount?: number;
  settlement: Settlement;
  durationMs: number;
  /**
   * Set on a second report for the same delivery when the bus could not apply `settlement`
   * (e.g. the lock was lost; the message will be redelivered). Counters should skip these.
   */
  settleFailed?: { code?: string; error: string };
}) => void;

export interface EventRoute {
  contract: EventContract;
  handle: EventHandler;
}
