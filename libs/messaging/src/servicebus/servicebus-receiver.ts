import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import type { BusStatus, MessageProcessor, ReceiveOptions, Receiver, Settlement } from '../bus/bus.port';
import { DEFAULT_CONCURRENCY } from '../bus/constants';
import { fromServiceBusMessage } from './message-mapping';
import { statusForError } from './process-error-status';

export interface ReceiverHooks {
  onStatus(status: BusStatus): void;
  onSettleFailed(error: unknown, messageId: string): void;
}

/**
 * Peek-lock receiving with explicit settlement: the processor's answer decides complete, abandon
 * or deadLetterMessage. A message is never completed unless its processor said so.
 */
export async function startServiceBusReceiver(
  client: ServiceBusClient,
  options: ReceiveOptions,
  process: MessageProcessor,
  hooks: ReceiverHooks,
): Promise<Receiver> {
  // No automatic lock renewal: a handler that outlives the subscription's lock sees its message
  // redelivered, exactly as on the embedded bus, so the lock duration is the handler's time budget.
  const receiver = client.createReceiver(options.topic, options.subscription, { receiveMode: 'peekLock', maxAutoLockRenewalDurationInMs: 0 });
  const inFlight = new Set<Promise<void>>();
  const subscription = receiver.subscribe(
    {
      processMessage: async (message) => {
        const work = handle(receiver, message, options, process, hooks);
        inFlight.add(work);
        try {
          await work;
        } finally {
          inFlight.delete(work);
        }
      },
      processError: async ({ error }) => {
        const status = statusForError(error);
        if (status) hooks.onStatus(status);
      },
    },
    { autoCompleteMessages: false, maxConcurrentCalls: options.concurrency ?? DEFAULT_CONCURRENCY },
  );
  return {
    close: async () => {
      // Stop taking messages but keep the link, so handlers in flight can still settle theirs.
      await subscription.close();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await receiver.close();
    },
  };
}

async function handle(
  receiver: ServiceBusReceiver,
  message: ServiceBusReceivedMessage,
  options: ReceiveOptions,
  process: MessageProcessor,
  hooks: ReceiverHooks,
): Promise<void> {
  let settlement: Settlement;
  try {
    settlement = await process(fromServiceBusMessage(message, options.topic, options.subscription));
  } catch (error) {
    settlement = { kind: 'abandon', error };
  }
  hooks.onStatus({ state: 'ready' });
  try {
    if (settlement.kind === 'complete') await receiver.completeMessage(message);
    else if (settlement.kind === 'abandon') await receiver.abandonMessage(message);
    else await receiver.deadLetterMessage(message, { deadLetterReason: settlement.reason, deadLetterErrorDescription: settlement.description });
  } catch (error) {
    // Usually MessageLockLost: Service Bus redelivers the message, so nothing is lost.
    hooks.onSettleFailed(error, String(message.messageId));
  }
}
