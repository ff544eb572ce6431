import { ROOT_CONTEXT, context } from '@opentelemetry/api';

interface Pending<T> {
  dueAt: number;
  seq: number;
  item: T;
}

/**
 * Holds scheduled messages as plain data in a min-heap with one unref'd timer for the earliest,
 * so 10,000 pending messages cost 10,000 small objects and not 10,000 timers.
 */
export class Scheduler<T> {
  private readonly heap: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Infinity;
  private seq = 0;

  constructor(
    private readonly release: (item: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  add(dueAt: number, item: T): void {
    this.heap.push({ dueAt, seq: this.seq++, item });
    this.siftUp(this.heap.length - 1);
    this.arm();
  }

  /** Removes every pending item and returns them (the caller reports what it drops). */
  drain(): T[] {
    const items = this.heap.map((pending) => pending.item);
    this.clear();
    return items;
  }

  clear(): void {
    this.heap.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Infinity;
  }

  private arm(): void {
    const next = this.heap[0];
    if (!next || next.dueAt >= this.timerDueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = next.dueAt;
    // Armed outside the publish that scheduled the earliest message, so its due messages (and every
    // one released with them) are not delivered in that publisher's context, nor keep it alive.
    this.timer = context.with(ROOT_CONTEXT, () => setTimeout(() => this.fire(), Math.max(0, next.dueAt - this.now())));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDueAt = Infinity;
    const now = this.now();
    while (this.heap.length > 0 && this.heap[0].dueAt <= now) this.release(this.pop().item);
    this.arm();
  }

  private pop(): Pending<T> {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private before(a: Pending<T>, b: Pending<T>): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index], heap[parent])) return;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.before(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && this.before(heap[right], heap[smallest])) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}
