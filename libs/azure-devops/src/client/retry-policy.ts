export interface RetryPolicy {
  /** Attempts per request including the first one. */
  readonly maxAttempts: number;
  /** First back-off delay when the server gives no Retry-After; doubles per attempt. */
  readonly baseDelayMs: number;
  /** Cap for one computed back-off delay (Retry-After is honoured as given, within maxElapsedMs). */
  readonly maxDelayMs: number;
  /** Total time budget for one request including waits; no retry is started that would exceed it. */
  readonly maxElapsedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxElapsedMs: 30_000,
};

/**
 * The answers tried again (and reported as retryable): 408 Request Timeout and 425 Too Early (the server
 * did not take the request), 429 throttling, and the transient server faults: 500 (Azure DevOps answers
 * it for passing faults too), 502, 503 and 504. 501, 505 and the other 5xx say the server cannot serve
 * the request at all, so they are not. The single list: http-errors.ts maps statuses with it, and
 * docs/azure-devops.md gives it (a test compares them).
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** Retry-After as seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential back-off with "equal jitter" so that many consumers do not retry in lock-step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  if (!(policy.maxAttempts >= 1)) throw new RangeError('retry.maxAttempts must be at least 1');
  return policy;
}
