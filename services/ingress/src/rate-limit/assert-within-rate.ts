import { ProblemError } from '../problem/problem.error';
import type { KeyRateLimiter } from './key-rate-limiter';

/**
 * HOOK_RATE_PER_MINUTE per hook key. Answers 503 + Retry-After rather than 429, because Azure DevOps
 * retries only 408/502/503/504 and puts a subscription on probation after anything else.
 */
export function assertWithinRate(limiter: KeyRateLimiter, keyName: string): void {
  const decision = limiter.take(keyName);
  if (decision.allowed) return;
  throw new ProblemError(
    503,
    'RATE_LIMITED',
    'Service Unavailable',
    `This hook key sent more than HOOK_RATE_PER_MINUTE requests; retry after ${decision.retryAfterSeconds} s.`,
    { headers: { 'retry-after': String(decision.retryAfterSeconds) } },
  );
}
