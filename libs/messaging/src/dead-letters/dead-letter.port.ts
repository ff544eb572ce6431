/** A message the bus gave up on, with the reason a person needs to fix it. */
export interface DeadLetter {
  /** The message id (the envelope id for events we published). */
  messageId: string;
  /** The event type, when the message carried one. */
  subject?: string;
  reason: string;
  description: string;
  deliveryCount: number;
  enqueuedTime: Date;
  body: unknown;
}

export interface DeadLetterQueue {
  list(): Promise<DeadLetter[]>;
  /** Puts dead letters (all, or those with the given message ids) back on their subscription; returns how many. */
  resubmit(messageIds?: readonly string[]): Promise<number>;
}
