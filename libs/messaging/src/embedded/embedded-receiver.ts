import type { MessageProcessor, Receiver, ReceiveOptions } from '../bus/bus.port';

/** One consumer on a subscription: its handler, its concurrency slots and the work in flight. */
export class EmbeddedReceiver implements Receiver {
  readonly inFlight = new Set<Promise<void>>();
  closing = false;

  constructor(
    readonly process: MessageProcessor,
    readonly concurrency: number,
    private readonly detach: (receiver: EmbeddedReceiver) => void,
    readonly onSettleFailed?: ReceiveOptions['onSettleFailed'],
  ) {}

  get hasCapacity(): boolean {
    return !this.closing && this.inFlight.size < this.concurrency;
  }

  /** Holds a slot until `work` settles, then calls `onFreed` (the subscription delivers the next message). */
  track(work: Promise<void>, onFreed: () => void): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      onFreed();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.detach(this);
  }
}
