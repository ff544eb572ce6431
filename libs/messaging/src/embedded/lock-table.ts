interface Lock<T> {
  item: T;
  expiresAt: number;
}

/**
 * Peek-locks of one subscription. All locks there last equally long, so insertion order is expiry
 * order: one unref'd timer for the oldest lock replaces a timer per delivered message.
 */
export class LockTable<T> {
  private readonly locks = new Map<number, Lock<T>>();
  private timer: NodeJS.Timeout | undefined;
  private nextToken = 0;

  constructor(
    private readonly durationMs: number,
    private readonly onExpired: (item: T, token: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Locks an item; returns the token that settles it and when the lock expires (ms since the epoch). */
  lock(item: T): { token: number; expiresAt: number } {
    const token = ++this.nextToken;
    const expiresAt = this.now() + this.durationMs;
    this.locks.set(token, { item, expiresAt });
    if (!this.timer) this.arm(this.durationMs);
    return { token, expiresAt };
  }

  /** Releases a lock; false when it had already expired (the outcome must then be ignored). */
  release(token: number): boolean {
    return this.locks.delete(token);
  }

  get size(): number {
    return this.locks.size;
  }

  clear(): void {
    this.locks.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    for (const [token, lock] of this.locks) {
      if (lock.expiresAt > now) {
        this.arm(lock.expiresAt - now);
        return;
      }
      this.locks.delete(token);
      this.onExpired(lock.item, token);
    }
  }
}
