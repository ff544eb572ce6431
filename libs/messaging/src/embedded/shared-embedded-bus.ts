import type { Bus, MessageProcessor, ReceiveOptions, Receiver } from '../bus/bus.port';
import { ReceiverSet } from '../bus/receiver-set';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { EventPublisher, type PublishOptions } from '../publisher/event-publisher';
import type { EmbeddedBus } from './embedded-bus';
import type { EventEnvelope } from '@switchyard/contracts';

/**
 * One service's view of an EmbeddedBus shared by the whole process: closing it stops that
 * service's receivers and publishing, and leaves the shared bus running for the others.
 */
export class SharedEmbeddedBus implements Bus {
  readonly backend = 'embedded' as const;
  readonly publisher: EventPublisher;
  private readonly receivers = new ReceiverSet();
  private closed = false;

  constructor(readonly shared: EmbeddedBus) {
    const isClosed = () => this.closed;
    this.publisher = new (class extends EventPublisher {
      async publish(event: EventEnvelope, options?: PublishOptions): Promise<void> {
        if (isClosed()) throw new BusUnavailableError('This bus handle is closed');
        return shared.publisher.publish(event, options);
      }
    })();
  }

  get topology() {
    return this.shared.topology;
  }

  get status$() {
    return this.shared.status$;
  }

  async receive(options: ReceiveOptions, process: MessageProcessor): Promise<Receiver> {
    if (this.closed) throw new BusUnavailableError('This bus handle is closed');
    return this.receivers.track(await this.shared.receive(options, process));
  }

  deadLetters(topic: string, subscription: string) {
    return this.shared.deadLetters(topic, subscription);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.receivers.closeAll();
  }
}
