import type { CreateMessageBatchOptions, OperationOptionsBase, ServiceBusClient, ServiceBusMessage, ServiceBusReceivedMessage, ServiceBusReceiverOptions } from '@azure/service-bus';

interface Handlers {
  processMessage(message: ServiceBusReceivedMessage): Promise<void>;
  processError(args: { error: Error; entityPath: string }): Promise<void>;
}

/**
 * The data plane of a namespace as the SDK's ServiceBusClient shows it (tests only): receivers that
 * are handed messages with `deliver` and record how each was settled, dead-letter sub-queues to
 * receive, complete and abandon, and senders that record what they sent. No network. While the
 * namespace is `down`, sends and sender links fail with its error; while `silent`, they never answer,
 * until their abort signal fires (as the SDK's do).
 */
export function fakeServiceBusClient() {
  const subscribed = new Map<string, Handlers>(); // "topic/subscription" → the receiver's handlers
  const settled: string[] = [];
  const deadLetters = new Map<string, ServiceBusReceivedMessage[]>();
  const sent: { topic: string; message: ServiceBusMessage; scheduledEnqueueTime?: Date }[] = [];
  const sendSignals: Array<OperationOptionsBase['abortSignal']> = [];
  let sendsInFlight = 0;
  let down: Error | 'silent' | undefined;
  let slowSends = false;
  let sendersCreated = 0;
  const stuckSenders = new Set<number>();
  let linkAttempts = 0;
  let openSenders = 0;
  const untilAborted = (signal: OperationOptionsBase['abortSignal']) =>
    new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
  const attachLink = (options: CreateMessageBatchOptions = {}) => {
    linkAttempts++;
    if (down === 'silent') return untilAborted(options.abortSignal);
    return down ? Promise.reject(down) : Promise.resolve({ count: 0, maxSizeInBytes: 262_144 });
  };
  const send = async (sender: number, topic: string, message: ServiceBusMessage, options: OperationOptionsBase = {}, scheduledEnqueueTime?: Date) => {
    sendSignals.push(options.abortSignal);
    if (down === 'silent' || slowSends || stuckSenders.has(sender)) {
      sendsInFlight++;
      await untilAborted(options.abortSignal).finally(() => sendsInFlight--);
    }
    if (down) throw down;
    sent.push({ topic, message, ...(scheduledEnqueueTime && { scheduledEnqueueTime }) });
  };
  const settle = (op: string) => async (message: ServiceBusReceivedMessage) => void settled.push(`${op} ${String(message.messageId)}`);
  const deadLetterReceiver = (key: string) => {
    const available = deadLetters.get(key) ?? [];
    deadLetters.set(key, available);
    return {
      receiveMessages: async (max: number) => available.splice(0, max),
      completeMessage: async () => undefined, // received messages already left `available`
      abandonMessage: async (message: ServiceBusReceivedMessage) => void available.push(message),
      close: async () => undefined,
    };
  };
  const client = {
    createReceiver: (topic: string, subscription: string, options: ServiceBusReceiverOptions = {}) => {
      const key = `${topic}/${subscription}`;
      if (options.subQueueType === 'deadLetter') return deadLetterReceiver(key);
      return {
        subscribe: (handlers: Handlers) => {
          subscribed.set(key, handlers);
          return { close: async () => void subscribed.delete(key) };
        },
        completeMessage: settle('complete'),
        abandonMessage: settle('abandon'),
        deadLetterMessage: settle('deadLetter'),
        peekMessages: async () => [],
        close: async () => undefined,
      };
    },
    createSender: (topic: string) => {
      openSenders++;
      const id = ++sendersCreated;
      let closed = false;
      return {
        sendMessages: (message: ServiceBusMessage, options?: OperationOptionsBase) => send(id, topic, message, options),
        scheduleMessages: async (message: ServiceBusMessage, at: Date, options?: OperationOptionsBase) => {
          await send(id, topic, message, options, at);
          return [{ toString: () => String(sent.length) }];
        },
        createMessageBatch: attachLink,
        close: async () => {
          if (!closed) openSenders--;
          closed = true;
        },
      };
    },
    close: async () => undefined,
  };
  return {
    client: client as unknown as ServiceBusClient,
    settled,
    sent,
    /** The namespace fails every send and sender link with `error` (until `back`), or answers nothing at all. */
    down: (error: Error | 'silent') => (down = error),
    back: () => (down = undefined),
    /** Sends never answer (until aborted) while sender links still attach: a slow namespace, not a dead one. */
    slowSends: (on = true) => (slowSends = on),
    /** The senders created so far never answer a send again (a link stuck as the SDK sees it open); new ones work. */
    stickSenders: () => {
      for (let id = 1; id <= sendersCreated; id++) stuckSenders.add(id);
    },
    /** The abort signal each send and schedule was given, in order. */
    sendSignals,
    /** Sends of a `silent` namespace (or `slowSends`) not yet given up by their signal. */
    sendsInFlight: () => sendsInFlight,
    /** Sender links asked to attach (createMessageBatch), whether that worked or not. */
    linkAttempts: () => linkAttempts,
    openSenders: () => openSenders,
    /** Which subscriptions have a receiver, as `topic/name`. */
    receiving: () => [...subscribed.keys()],
    /** Hands a message to the receiver of the subscription, as the SDK does on a delivery; resolves once it is settled. */
    deliver: (topic: string, subscription: string, message: ServiceBusMessage & { deliveryCount?: number }) => {
      const handlers = subscribed.get(`${topic}/${subscription}`);
      if (!handlers) throw new Error(`nothing receives on ${topic}/${subscription}`);
      return handlers.processMessage({ deliveryCount: 0, applicationProperties: {}, ...message } as unknown as ServiceBusReceivedMessage);
    },
    addDeadLetter: (topic: string, subscription: string, messageId: string, sequenceNumber: number) => {
      const key = `${topic}/${subscription}`;
      const message = { messageId, sequenceNumber: { toString: () => String(sequenceNumber) }, subject: 't', body: { type: 't' }, applicationProperties: {} };
      deadLetters.set(key, [...(deadLetters.get(key) ?? []), message as unknown as ServiceBusReceivedMessage]);
    },
    deadLetterIds: (topic: string, subscription: string) => (deadLetters.get(`${topic}/${subscription}`) ?? []).map((message) => String(message.messageId)),
  };
}
