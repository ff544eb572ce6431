import type { Receiver } from './bus.port';

/** The receivers a bus has open, so closing the bus can drain every one of them. */
export class ReceiverSet {
  private readonly open = new Set<Receiver>();

  /** Tracks `receiver`; the handle returned forgets it again when it is closed. */
  track(receiver: Receiver): Receiver {
    this.open.add(receiver);
    return {
      close: async () => {
        this.open.delete(receiver);
        await receiver.close();
      },
    };
  }

  /** Closes every receiver still open (each waits for its handlers in flight). */
  async closeAll(): Promise<void> {
    const closing = [...this.open].map((receiver) => receiver.close());
    this.open.clear();
    await Promise.allSettled(closing);
  }
}
