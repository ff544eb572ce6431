import { DuplicateDetection } from './duplicate-detection';
import type { EmbeddedSubscription } from './embedded-subscription';
import type { PendingMessage, StoredMessage } from './stored-message';

/** A topic: drops duplicate message ids within its window and copies each message to the subscriptions whose filter matches its subject. */
export class EmbeddedTopic {
  readonly subscriptions: EmbeddedSubscription[] = [];
  private readonly duplicates: DuplicateDetection;

  constructor(
    readonly name: string,
    duplicateDetectionWindowMs: number,
    now: () => number,
  ) {
    this.duplicates = new DuplicateDetection(duplicateDetectionWindowMs, now);
  }

  /** False when the message was a duplicate (accepted, like Service Bus, but not delivered). */
  accept(messageId: string): boolean {
    return !this.duplicates.isDuplicate(messageId);
  }

  /**
   * A subscription that this message would reach and that holds all it may, if any. None for a
   * duplicate, which is accepted and dropped whatever the subscriptions hold (a re-evaluation handed
   * over under a fixed id, say).
   */
  fullSubscriptionFor(messageId: string, subject: string): EmbeddedSubscription | undefined {
    const full = this.subscriptions.find((subscription) => subscription.accepts(subject) && subscription.isFull);
    // The id is looked up only then: every publish looks it up once more in accept().
    return full && !this.duplicates.wasSeen(messageId) ? full : undefined;
  }

  /** Counts a scheduled message toward every subscription it will reach, as Service Bus counts it in the entity's size. */
  holdScheduled(subject: string): void {
    for (const subscription of this.subscriptions) if (subscription.accepts(subject)) subscription.holdScheduled();
  }

  /** Enqueues a copy on every subscription whose filter matches; `nowMs` becomes its enqueued time. */
  fanOut(pending: PendingMessage, nowMs: number, wasScheduled = false): void {
    let message: StoredMessage | undefined;
    for (const subscription of this.subscriptions) {
      if (!subscription.accepts(pending.subject)) continue;
      message ??= { ...pending, enqueuedTime: new Date(nowMs) };
      subscription.enqueue(message, wasScheduled);
    }
  }
}
