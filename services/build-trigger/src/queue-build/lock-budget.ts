/**
 * Timings that keep a due message's handler inside its 60 s peek-lock. If the lock expired while a
 * handler still ran, the bus would hand the same slot to another replica, and both could pass the
 * "already queued?" check. So: no queue request starts later than `queueDeadlineMs` after the
 * handler began (it abandons instead, and the redelivery re-checks), and each Azure DevOps request,
 * retries included, ends within `requestBudgetMs` + one attempt timeout. 15 + 2 × (10 + 10) < 60.
 */
export const lockBudget = {
  queueDeadlineMs: 15_000,
  requestBudgetMs: 10_000,
} as const;

/**
 * Thrown instead of queueing late: Azure DevOps answered, but too slowly. The slot is tried again
 * later (retry-later.ts), as for throttling, never dropped.
 */
export class LockBudgetExceededError extends Error {
  override readonly name = 'LockBudgetExceededError';
  readonly code = 'BUILD_TRIGGER.LOCK_BUDGET_EXCEEDED';

  constructor(elapsedMs: number) {
    super(`Not queueing ${elapsedMs} ms into the handler: Azure DevOps answered too slowly, and the message lock may expire before the build is tagged.`);
  }
}
