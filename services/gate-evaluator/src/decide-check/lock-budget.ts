/** The decision retry's publish: the bus's own 10 s would not fit in the lock after a failed post. */
const retryPublishTimeoutMs = 5_000;
/** Left in the lock after the last step: the message's completion, and clock skew with the broker. */
const settleMarginMs = 3_000;

/**
 * Timings that keep a check message's handler inside its 60 s peek-lock (locks are not renewed). If
 * the lock expired while a handler still ran, the bus would redeliver the message and a second run
 * could post a second TaskCompleted, or fork the check into a second chain of messages. So:
 * - no decision is posted later than `decisionDeadlineMs` after the handler began, and each Azure DevOps
 *   request, retries included, ends within `requestBudgetMs` + one attempt timeout (10 s). Nothing is
 *   written to the log or record before the post. After the deadline remain the post (10 s), then the
 *   progress report (create the log, then append and update the record at once: 20 s) alongside the
 *   CheckDecided tries (< 7 s), or, if the post failed, the report and the retry's publish (5 s):
 *   20 + 10 + 20 + 5 < 60.
 * - nothing bounds the reads before the deadline (an evaluation's reads of Azure DevOps or of metric
 *   URLs, a release gate's plan), so a decision can be ready at any time, even after the lock ended. A
 *   late decision is handed to a decision retry, with nothing written first, only while at least
 *   `lateHandOffMs` of the lock is left (the retry's publish plus `settleMarginMs`); with less, the lock
 *   may be gone and a redelivery already handing over, so the message is abandoned instead: one run
 *   continues the check, never both. A release gate's plan read that fails after the deadline is
 *   handled the same way. On the message's last delivery nothing is redelivered (the bus dead-letters
 *   it), so the retry is published however little lock is left. A late decision without attempts left
 *   publishes nothing (it is reported, then dead-lettered), so it cannot fork the check however late it is.
 * When the check's record is already completed nothing is posted at all, so no lock has to cover what
 * follows (at worst a CheckDecided the bus drops as a duplicate).
 */
export const lockBudget = {
  decisionDeadlineMs: 20_000,
  requestBudgetMs: 5_000,
  /** The check subscription's lock (the Service Bus default), for a bus that does not say when a lock ends. */
  lockDurationMs: 60_000,
  retryPublishTimeoutMs,
  settleMarginMs,
  lateHandOffMs: retryPublishTimeoutMs + settleMarginMs,
} as const;

/** Wall-clock times (ms) that bound one message's handler, and whether a redelivery can follow it. */
export interface HandlerDeadlines {
  startedAt: number;
  /** No post starts later. */
  postBy: number;
  /** When the message's lock ends: as the bus said, but never later than a full lock after the handler began. */
  lockEndsAt: number;
  /** The message's last delivery: when its lock ends the bus dead-letters it, so no other run can take the check on. */
  lastDelivery: boolean;
}

export function handlerDeadlines(startedAt: number, decisionDeadlineMs: number, lockedUntil: Date | undefined, lastDelivery: boolean): HandlerDeadlines {
  const byDuration = startedAt + lockBudget.lockDurationMs;
  return { startedAt, postBy: startedAt + decisionDeadlineMs, lockEndsAt: lockedUntil ? Math.min(lockedUntil.getTime(), byDuration) : byDuration, lastDelivery };
}

/**
 * Why a decision was not posted: it was ready after the deadline. With `lockLeftMs`, it is thrown and
 * the message abandoned (too little lock left to hand the decision on); without, it is a delivery
 * attempt that failed like a refused post, and the decision goes to the next attempt (or, when they
 * are used up, is dead-lettered).
 */
export class LockBudgetExceededError extends Error {
  override readonly name = 'LockBudgetExceededError';
  readonly code = 'GATE.LOCK_BUDGET_EXCEEDED';

  constructor(elapsedMs: number, deadlineMs: number, lockLeftMs?: number) {
    super(
      `The evaluation took too long (its reads of Azure DevOps or of metric URLs): the decision was ready ${elapsedMs} ms into the message's handler, ` +
        `past GATE_DECISION_DEADLINE_MS (${deadlineMs} ms), too late to post inside the message lock` +
        (lockLeftMs === undefined ? '' : `; with ${Math.max(0, lockLeftMs)} ms of the lock left, too little to hand it to a decision retry, the message goes back to the bus`),
    );
  }
}
