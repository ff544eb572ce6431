import type { BusStatus } from '../bus/bus.port';
import { BusUnavailableError } from '../errors/bus-unavailable.error';

/** The status code of an embedded bus with a full subscription. */
export const SUBSCRIPTION_FULL = 'MESSAGING.SUBSCRIPTION_FULL';

/** What one subscription holds toward its limit, as Service Bus counts toward an entity's size. */
export interface HeldMessages {
  /** Queued for a consumer (those being handled do not count). */
  active: number;
  scheduled: number;
  deadLettered: number;
}

export interface SubscriptionUsage {
  /** `topic/name` */
  path: string;
  held: HeldMessages;
}

// Short enough for /readyz, which shows 300 characters of a status.
function describe({ path, held }: SubscriptionUsage): string {
  const total = held.active + held.scheduled + held.deadLettered;
  return (
    `${path} holds ${total} messages (${held.active} active, ${held.scheduled} scheduled, ${held.deadLettered} dead-lettered), ` +
    'its limit (BUS_EMBEDDED_MAX_MESSAGES): its consumer is behind or down; dead letters count too: resubmit or purge them'
  );
}

/** Refuses a publish: nothing was accepted, so the sender may retry once the subscription has room. */
export function subscriptionFullError(topic: string, full: SubscriptionUsage): BusUnavailableError {
  return new BusUnavailableError(`The embedded bus refused the message on topic "${topic}": ${describe(full)}`);
}

export function subscriptionFullStatus(full: SubscriptionUsage): BusStatus {
  return { state: 'degraded', error: { code: SUBSCRIPTION_FULL, message: describe(full) } };
}
