import { BusUnavailableError } from '@switchyard/messaging';

/** How much later than the publish's own timeout the hard stop comes. */
const DEADLINE_MARGIN_MS = 250;

/**
 * Rejects a promise that has not settled within `ms`. One timer serves every pending publish (armed
 * for the oldest one) instead of a timer per request: on the hot path that timer cost more than the
 * publish itself. Deadlines all have the same length, so insertion order is expiry order.
 */
export class PublishDeadline {
  private readonly pending = new Set<{ expiresAt: number; reject: (error: Error) => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The hard stop behind a publish given `publishTimeoutMs`, for a publish that does not honour its own timeout. */
  static behind(publishTimeoutMs: number): PublishDeadline {
    return new PublishDeadline(publishTimeoutMs + DEADLINE_MARGIN_MS);
  }

  within<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = { expiresAt: this.now() + this.ms, reject };
      this.pending.add(entry);
      if (this.timer === undefined) this.arm(this.ms);
      promise.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(1, Math.ceil(delayMs)));
    // A pending request keeps the process alive anyway; an idle deadline must not.
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    for (const entry of this.pending) {
      if (entry.expiresAt > now) {
        this.arm(entry.expiresAt - now);
        return;
      }
      this.pending.delete(entry);
      entry.reject(new BusUnavailableError(`the bus did not answer within ${this.ms} ms`));
    }
  }
}
