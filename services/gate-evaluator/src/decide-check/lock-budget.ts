/**
 * Timings that keep a check message's handler inside its 60 s peek-lock (locks are not renewed). If
 * the lock expired while a handler still ran, the bus would redeliver the message and a second run
 * could post a second TaskCompleted. So: no decision is posted later than `decisionDeadlineMs` after
 * the handler began (a decision ready later goes to a decision retry on the bus, which reads only the
 * check's record, and a release gate's plan, before it posts), and
 * each Azure DevOps request, retries included, ends within `requestBudgetMs` + one attempt timeout. Nothing
 * is written to the log or record before the post. After the deadline remain the post (10 s), then the
 * progress report (create the log, then append and update the record at once: 20 s) alongside the
 * CheckDecided tries (< 7 s), or, if the post failed or was too late to start, the report and the retry's publish:
 * 20 + 10 + 20 < 60. A release gate's plan read (for the ids TaskCompleted needs) and a redelivery's read of the check's record come before the
 * deadline, so it only leaves less time for the evaluation; when the record is already completed nothing
 * is posted at all, so no lock has to cover what follows (at worst a CheckDecided the bus drops as a duplicate).
 */
export const lockBudget = {
  decisionDeadlineMs: 20_000,
  requestBudgetMs: 5_000,
} as const;

/**
 * Why a decision was not posted: it was ready after the deadline. A delivery attempt that failed like
 * a refused post, so the decision goes to the next attempt (or, when they are used up, is dead-lettered).
 */
export class LockBudgetExceededError extends Error {
  override readonly name = 'LockBudgetExceededError';
  readonly code = 'GATE.LOCK_BUDGET_EXCEEDED';

  constructor(lateMs: number, deadlineMs: number) {
    super(
      `Azure DevOps answered too slowly: the decision was ready ${lateMs} ms past GATE_DECISION_DEADLINE_MS (${deadlineMs} ms into the message's handler), too late to post inside the message lock`,
    );
  }
}
