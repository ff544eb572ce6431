/**
 * Remembers message ids for a time window, like a Service Bus topic with duplicate detection:
 * a second message with the same id inside the window is accepted and dropped.
 */
export class DuplicateDetection {
  // Insertion order equals expiry order, so expired ids are always at the front.
  private readonly seen = new Map<string, number>();
  private oldestExpiry = Infinity;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the id was seen within the window; records nothing. */
  wasSeen(messageId: string): boolean {
    this.forgetExpired(this.now());
    return this.seen.has(messageId);
  }

  /** True when the id was seen within the window; otherwise records it. */
  isDuplicate(messageId: string): boolean {
    const now = this.now();
    this.forgetExpired(now);
    if (this.seen.has(messageId)) return true;
    this.seen.set(messageId, now + this.windowMs);
    if (this.seen.size === 1) this.oldestExpiry = now + this.windowMs;
    return false;
  }

  private forgetExpired(now: number): void {
    if (this.oldestExpiry > now) return;
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt > now) {
        this.oldestExpiry = expiresAt;
        return;
      }
      this.seen.delete(id);
    }
    this.oldestExpiry = Infinity;
  }
}
