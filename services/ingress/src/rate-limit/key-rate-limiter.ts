/** Answer of the limiter: go on, or wait this many seconds. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const ALLOWED: RateDecision = Object.freeze({ allowed: true });

/**
 * A token bucket per hook key: bursts up to a minute's allowance, refilled continuously.
 * In memory per replica, which is enough to stop one runaway sender from starving the others.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private readonly perMs: number;

  /**
   * `now`: milliseconds on a monotonic clock. The wall clock steps (NTP, a resumed VM); a step back would
   * drain every bucket for as long as the step, and Azure DevOps drops what it cannot deliver in ~3 min.
   */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    // Never less than nothing: a clock that went back refills nothing, and takes nothing either.
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return ALLOWED;
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }
}
