import { BusUnavailableError } from '../errors/bus-unavailable.error';
import type { Receiver } from './bus.port';

/** The receivers a bus has open, so closing the bus can drain every one of them. */
export class ReceiverSet {
  private readonly open = new Set<Receiver>();
  private closed = false;

  /**
   * Tracks `receiver`; the handle returned forgets it again when it is closed. A receiver that finished
   * starting after the bus began to close is closed at once, and the caller gets BusUnavailableError:
   * closeAll() could not see it, so it would have kept receiving on a closed bus.
   */
  async track(receiver: Receiver): Promise<Receiver> {
    if (this.closed) {
      await receiver.close();
      throw new BusUnavailableError('The bus closed while the receiver was starting');
    }
    this.open.add(receiver);
    return {
      close: async () => {
        this.open.delete(receiver);
        await receiver.close();
      },
    };
  }

  /** Closes every receiver still open (each waits for its handlers in flight); later ones are refused. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const closing = [...this.open].map((receiver) => receiver.close());
    this.open.clear();
    await Promise.allSettled(closing);
  }
}
