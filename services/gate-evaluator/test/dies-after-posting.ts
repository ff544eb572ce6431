import { CheckDecided, type EventEnvelope } from '@switchyard/contracts';
import { BusUnavailableError, EventPublisher, type Bus, type PublishOptions, type Receiver } from '@switchyard/messaging';

export interface DyingBus {
  bus: Bus;
  /** Resolves when the replica died (it had just posted a decision). */
  died: Promise<void>;
}

/**
 * The bus as a replica sees it that dies right after posting a decision, the moment it goes on to
 * publish CheckDecided: from then on nothing it publishes reaches the bus, it takes no more messages,
 * and it never settles the message it was handling in time (its peek-lock of `lockMs` expires, so the
 * bus delivers that message again, to another replica, with a higher delivery count).
 */
export function diesAfterPosting(bus: Bus, lockMs: number): DyingBus {
  let dead = false;
  let markDead!: () => void;
  const died = new Promise<void>((resolve) => {
    markDead = resolve;
  });
  const receivers: Receiver[] = [];
  const publisher = new (class extends EventPublisher {
    async publish(event: EventEnvelope, options?: PublishOptions): Promise<void> {
      if (!dead && event.type === CheckDecided.type) {
        dead = true;
        markDead();
        // Stop taking messages; closing waits for the handler in flight, so it is not awaited here.
        for (const receiver of receivers) void receiver.close();
      }
      if (dead) throw new BusUnavailableError('the replica died');
      return bus.publisher.publish(event, options);
    }
  })();
  const dying: Bus = {
    backend: bus.backend,
    topology: bus.topology,
    publisher,
    status$: bus.status$,
    deadLetters: (topic, subscription) => bus.deadLetters(topic, subscription),
    // The bus belongs to the harness.
    close: async () => undefined,
    async receive(options, process) {
      const receiver = await bus.receive(options, async (message) => {
        const settlement = await process(message);
        // A dead process settles nothing in time: the lock runs out first, and this late settlement is refused.
        if (dead) await new Promise((resolve) => setTimeout(resolve, lockMs + 100));
        return settlement;
      });
      receivers.push(receiver);
      return receiver;
    },
  };
  return { bus: dying, died };
}
