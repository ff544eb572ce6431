import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import type { BusStatus, InboundMessage, MessageProcessor, ReceiveOptions, Receiver, Settlement } from '../bus/bus.port';
import { DEFAULT_CONCURRENCY } from '../bus/constants';
import { LAST_ERROR_PROPERTY, lastErrorCodeOf } from '../bus/last-error-code';
import { fromServiceBusMessage } from './message-mapping';
import { statusForError, type NamespaceSetting } from './process-error-status';
import { RECOVERY_PROBE_MS, recoveryProbe } from './recovery-probe';
import { errorCodeOf, errorTextOf, type ServiceBusErrorHandler } from './servicebus-error-event';

export interface ReceiverHooks {
  onStatus(status: BusStatus): void;
  onError: ServiceBusErrorHandler;
  /** How often to check whether the subscription works again after an error degraded readiness. */
  recoveryProbeMs?: number;
  /** The subscription's maxDeliveryCount (from the topology), handed to the processor with each message. */
  maxDeliveryCount?: number;
  /** What degraded readiness tells the operator to check. */
  namespaceSetting?: NamespaceSetting;
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
  const ready = () => hooks.onStatus({ state: 'ready' });
  const recovery = recoveryProbe(() => receiver.peekMessages(1), ready, hooks.recoveryProbeMs ?? RECOVERY_PROBE_MS);
  const settled = () => {
    recovery.recovered();
    ready();
  };
  const subscription = receiver.subscribe(
    {
      processMessage: async (message) => {
        const work = handle(receiver, message, options, process, hooks, settled);
        inFlight.add(work);
        try {
          await work;
        } finally {
          inFlight.delete(work);
        }
      },
      processError: async ({ error, entityPath }) => {
        const status = statusForError(error, hooks.namespaceSetting);
        if (status) {
          hooks.onStatus(status);
          recovery.failed();
        }
        // Transient errors the SDK retries by itself still get reported once each, never dropped.
        hooks.onError({ kind: 'receive-error', code: errorCodeOf(error), entityPath, message: errorTextOf(error) });
      },
    },
    { autoCompleteMessages: false, maxConcurrentCalls: options.concurrency ?? DEFAULT_CONCURRENCY },
  );
  return {
    close: async () => {
      recovery.stop();
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
  settled: () => void,
): Promise<void> {
  const inbound = fromServiceBusMessage(message, options.topic, options.subscription, hooks.maxDeliveryCount);
  let settlement: Settlement;
  try {
    settlement = await process(inbound);
  } catch (error) {
    settlement = { kind: 'abandon', error };
  }
  try {
    await settle(receiver, message, settlement);
    // Ready only once the broker accepted the settlement: a handler finishing proves nothing about the link.
    settled();
  } catch (error) {
    // Usually MessageLockLost: Service Bus redelivers the message, so nothing is lost — but it is reported.
    reportSettleFailure(error, inbound, settlement, options, hooks);
  }
}

export function settle(receiver: Pick<ServiceBusReceiver, 'completeMessage' | 'abandonMessage' | 'deadLetterMessage'>, message: ServiceBusReceivedMessage, settlement: Settlement): Promise<void> {
  if (settlement.kind === 'complete') return receiver.completeMessage(message);
  if (settlement.kind === 'abandon') return receiver.abandonMessage(message, { [LAST_ERROR_PROPERTY]: lastErrorCodeOf(settlement.error) });
  return receiver.deadLetterMessage(message, { deadLetterReason: settlement.reason, deadLetterErrorDescription: settlement.description });
}

function reportSettleFailure(error: unknown, inbound: InboundMessage, settlement: Settlement, options: ReceiveOptions, hooks: ReceiverHooks): void {
  const code = errorCodeOf(error);
  const text = errorTextOf(error);
  hooks.onError({ kind: 'settle-failed', messageId: inbound.messageId, settlement: settlement.kind, code, entityPath: `${options.topic}/Subscriptions/${options.subscription}`, message: text });
  try {
    options.onSettleFailed?.({ message: inbound, settlement, code, error: text });
  } catch {
    // An observer must not break the receiver.
  }
}
