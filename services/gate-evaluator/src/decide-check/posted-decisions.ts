/**
 * Check keys whose decision this replica already posted, most recent last. It only shortens the
 * window for a second post when a message comes back to the same replica (lock lost, settlement
 * failed); it is not state the evaluation depends on. Bounded: 10,000 keys ≈ 1 MB.
 */
export class PostedDecisions {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
  }
}
