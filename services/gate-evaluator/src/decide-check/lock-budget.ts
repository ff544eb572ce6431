/**
 * Timings that keep a check message's handler inside its 60 s peek-lock (locks are not renewed). If
 * the lock expired while a handler still ran, the bus would redeliver the message and a second run
 * could post a second TaskCompleted. So: no decision is posted later than `decisionDeadlineMs` after
 * the handler began (it abandons instead, and the redelivery hands over to a fresh evaluation), and
 * each Azure DevOps request, retries included, ends within `requestBudgetMs` + one attempt timeout. After the deadline
 * remain the post and either the CheckDecided tries (< 7 s) or, if it failed, the progress report's log
 * and record calls: 20 + 3 × (5 + 5) < 60. A redelivery's read of the check's record comes before the
 * deadline, so it only leaves less time for the evaluation; when the record is already completed nothing
 * is posted at all, so no lock has to cover what follows (at worst a CheckDecided the bus drops as a duplicate).
 */
export const lockBudget = {
  decisionDeadlineMs: 20_000,
  requestBudgetMs: 5_000,
} as const;

/** Thrown instead of posting late; the message is abandoned and redelivered, never dropped. */
export class LockBudgetExceededError extends Error {
  override readonly name = 'LockBudgetExceededError';
  readonly code = 'GATE.LOCK_BUDGET_EXCEEDED';

  constructor(elapsedMs: number) {
    super(`Not posting the decision ${elapsedMs} ms into the handler: the message lock may expire before it completes; the bus will redeliver and evaluate again.`);
  }
}
