import { CheckDecided, CheckReevaluationDue, type EventEnvelope } from '@switchyard/contracts';
import { BusUnavailableError, EventPublisher, overrideBus, type Bus, type PublishOptions, type Receiver } from '@switchyard/messaging';

export interface DyingBus {
  bus: Bus;
  /** Resolves when the replica died. */
  died: Promise<void>;
}

/**
 * The bus as a replica sees it that dies right after posting a decision, the moment it goes on to
 * publish CheckDecided: from then on nothing it publishes reaches the bus, it takes no more messages,
 * and it never settles the message it was handling in time (its peek-lock of `lockMs` expires, so the
 * bus delivers that message again, to another replica, with a higher delivery count).
 */
export function diesAfterPosting(bus: Bus, lockMs: number): DyingBus {
  return diesOnPublish(bus, lockMs, CheckDecided.type, { sent: false });
}

/**
 * The same replica, dying right after the bus accepted the next evaluation it scheduled: that
 * evaluation is on the bus, and the message that scheduled it comes again once its lock expires.
 */
export function diesAfterScheduling(bus: Bus, lockMs: number): DyingBus {
  return diesOnPublish(bus, lockMs, CheckReevaluationDue.type, { sent: true });
}

function diesOnPublish(bus: Bus, lockMs: number, type: string, { sent }: { sent: boolean }): DyingBus {
  let dead = false;
  let markDead!: () => void;
  const died = new Promise<void>((resolve) => {
    markDead = resolve;
  });
  const receivers: Receiver[] = [];
  const die = () => {
    dead = true;
    markDead();
    // Stop taking messages; closing waits for the handler in flight, so it is not awaited here.
    for (const receiver of receivers) void receiver.close();
  };
  const publisher = new (class extends EventPublisher {
    async publish(event: EventEnvelope, options?: PublishOptions): Promise<void> {
      const last = !dead && event.type === type;
      if (last && !sent) die();
      if (dead) throw new BusUnavailableError('the replica died');
      await bus.publisher.publish(event, options);
      if (last) die();
    }
  })();
  const dying = overrideBus(bus, {
    publisher,
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
  });
  return { bus: dying, died };
}
