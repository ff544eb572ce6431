import type { MissedIds } from './missed-ids';

/** A message the bus gave up on, with the reason a person needs to fix it. */
export interface DeadLetter {
  /** The message id (the envelope id for events we published). */
  messageId: string;
  /** The event type, when the message carried one. */
  subject?: string;
  reason: string;
  description: string;
  /**
   * The error code of the last failed delivery (the `switchyard-last-error` property an abandon sets),
   * when there was one: what `MaxDeliveryCountExceeded` ran out of deliveries on.
   */
  lastError?: string;
  deliveryCount: number;
  /** When this message was enqueued: for a resubmitted copy, when it was resubmitted. */
  enqueuedTime: Date;
  /**
   * Set on a resubmitted copy that was dead-lettered again: the message id of the dead letter it was
   * made from. A copy is a new message (its own id, enqueued time and delivery count) on both backends.
   */
  resubmittedFrom?: string;
  body: unknown;
}

export interface ListDeadLettersOptions {
  /** At most this many (default 100, 1 to 1000). */
  limit?: number;
  /** The `next` of the previous page: starts where that page ended. */
  after?: string;
}

/**
 * One page of dead letters, oldest first. It is the array of dead letters itself (so a caller that
 * only reads the first page reads it as before); `next` is an opaque cursor for `list({ after })`,
 * present only when more may follow. The same shape as the Azure SDK's pages (`continuationToken`).
 */
export type DeadLetterPage = DeadLetter[] & { next?: string };

/** What one resubmit run did. */
export interface ResubmitReport {
  resubmitted: number;
  /** Message ids of the dead letters put back, one per dead letter. */
  resubmittedIds: string[];
  /**
   * False when the run stopped at its bounds (message count, time) before it had seen every dead
   * letter: a requested id it did not put back may still be there. Run it again.
   */
  complete: boolean;
  /**
   * `<code>: <why>` when the run stopped early: putting a copy back failed (e.g. the namespace was
   * busy: run it again), or, on Service Bus, the subscription has no rule that lets a resubmitted copy
   * in (`MESSAGING.RESUBMIT_RULE_MISSING`, `MESSAGING.RESUBMIT_RULE_UNREADABLE`: nothing was sent; the
   * text says how to add the rule).
   */
  stoppedBy?: string;
}

/** Which dead letters a purge removes: the ones with these message ids, or explicitly all of them. */
export type PurgeSelection = { ids: readonly string[] } | { all: true };

/** A dead letter a purge removed for good. */
export interface PurgedDeadLetter {
  messageId: string;
  /** Why it had been dead-lettered. */
  reason: string;
}

/** What one purge run did; `MissedIds` says what it did not delete. */
export interface PurgeReport extends MissedIds {
  purged: PurgedDeadLetter[];
  /** `<code>: <why>` when removing a dead letter failed and the run stopped; the rest stay dead-lettered. */
  stoppedBy?: string;
}

export interface DeadLetterQueue {
  /** One bounded page; throws `InvalidDeadLetterPageError` for a bad limit or cursor. */
  list(options?: ListDeadLettersOptions): Promise<DeadLetterPage>;
  /** Puts dead letters (all, or those with the given message ids) back on their subscription; returns how many. */
  resubmit(messageIds?: readonly string[]): Promise<number>;
  /** `resubmit`, saying which ids it put back and whether it saw the whole queue. */
  resubmitAndReport(messageIds?: readonly string[]): Promise<ResubmitReport>;
  /**
   * Deletes dead letters for good (a message that can never succeed), logging a line per dead letter
   * (subscription, message id, reason; never the body). There is no default selection.
   */
  purge(selection: PurgeSelection): Promise<PurgeReport>;
}
