/** A message as the embedded broker keeps it: the body serialised once, like bytes on a real broker. */
export interface StoredMessage {
  messageId: string;
  subject: string;
  correlationId: string;
  applicationProperties: Record<string, string>;
  body: string;
  enqueuedTime: Date;
}

/** One subscription's copy: its own delivery count and lock. */
export interface SubscriptionEntry {
  message: StoredMessage;
  deliveryCount: number;
  /** Code of the last failed delivery's error (set by an abandon, as Service Bus sets the property). */
  lastError?: string;
}

/** A message accepted by a topic but not yet enqueued (scheduled for later). */
export type PendingMessage = Omit<StoredMessage, 'enqueuedTime'>;
