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

  /** Locks an item and returns the token that settles it. */
  lock(item: T): number {
    const token = ++this.nextToken;
    this.locks.set(token, { item, expiresAt: this.now() + this.durationMs });
    if (!this.timer) this.arm(this.durationMs);
    return token;
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
