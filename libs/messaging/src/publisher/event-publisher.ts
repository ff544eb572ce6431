import type { EventEnvelope } from '@switchyard/contracts';

export interface PublishOptions {
  /** Deliver no earlier than this time (Service Bus scheduled messages). */
  scheduledEnqueueTime?: Date;
  /** Give up (BusUnavailableError) when the bus has not accepted the message by then. */
  timeoutMs?: number;
}

/**
 * Publishes events on their contract's topic. Also the Nest DI token.
 * `publish` resolves only once the bus accepted the message and rejects with BusUnavailableError
 * otherwise, or InvalidEventError when the event does not fit its contract.
 */
export abstract class EventPublisher {
  abstract publish(event: EventEnvelope, options?: PublishOptions): Promise<void>;
}
