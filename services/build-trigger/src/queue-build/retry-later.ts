import { isAzureDevOpsError, isPermanent } from '@switchyard/azure-devops';
import type { DueEvent } from '../coalesce/due-message';
import { LockBudgetExceededError } from './lock-budget';
import { uncertainSinceKey } from './uncertain-queue';

/** How often one slot is tried again later before its message is given back to the bus. */
export const maxLaterAttempts = 8;
const firstDelayMs = 30_000;
const longestDelayMs = 15 * 60_000;
const attemptKey = 'retryLater';

export interface LaterCopy {
  event: DueEvent;
  at: Date;
  attempt: number;
}

/**
 * A throttled, unavailable or slow Azure DevOps is not fixed by the bus's redeliveries, whose waits (1 s
 * doubling to 30 s) use up its ten deliveries in about 2.5 minutes: the slot is published again for later instead (Retry-After,
 * else 30 s doubling up to 15 min; about an hour over all attempts). Slow is a handler that did not
 * reach its queue request by its deadline (LockBudgetExceededError), every call answered but late.
 * Its id is derived, so the copy is not a duplicate of the slot message; the build tag still makes it queue one build.
 * Undefined when the failure is not of that kind (nor one whose outcome is unknown), or the slot has
 * been tried later often enough.
 * `uncertainSince` (a queue request of this attempt may have queued a build: outcomeUnknown) is kept
 * in the copy's metadata, the earliest one when several attempts were uncertain, so the copy looks
 * for that build before queueing (uncertain-queue.ts).
 */
export function laterCopy(due: DueEvent, error: unknown, now = Date.now(), uncertainSince?: number): LaterCopy | undefined {
  if (!timeMayFix(error)) return undefined;
  const done = Number(due.metadata?.[attemptKey] ?? 0);
  if (!Number.isInteger(done) || done >= maxLaterAttempts) return undefined;
  const attempt = done + 1;
  const backoff = Math.min(firstDelayMs * 2 ** done, longestDelayMs);
  const retryAfterMs = isAzureDevOpsError(error) ? (error.details.retryAfterMs ?? 0) : 0;
  const delayMs = Math.min(Math.max(retryAfterMs, backoff), longestDelayMs);
  const slotId = due.id.replace(/#later-\d+$/, '');
  return {
    event: {
      ...due,
      id: `${slotId}#later-${attempt}`,
      metadata: {
        ...due.metadata,
        [attemptKey]: String(attempt),
        ...(uncertainSince !== undefined && due.metadata?.[uncertainSinceKey] === undefined && { [uncertainSinceKey]: new Date(uncertainSince).toISOString() }),
      },
    },
    at: new Date(now + delayMs),
    attempt,
  };
}

/** A failure that time may fix: throttling, an outage, slowness, or a queue request whose outcome is unknown. */
function timeMayFix(error: unknown): boolean {
  if (error instanceof LockBudgetExceededError) return true;
  // An unreadable 2xx answer to the queue request is permanent for the client (resending cannot help),
  // but the build was queued: a later copy finds and adopts it rather than dead-lettering the slot.
  return isAzureDevOpsError(error) && (!isPermanent(error) || error.details.outcomeUnknown === true);
}
