import type { ServiceBusClient, ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import type { SenderCache } from './sender-cache';
import { serviceBusDeadLetters } from './servicebus-dead-letters';
import { resubmitMessageId } from './resubmit-message-id';

const dead = (messageId: string, sequenceNumber: number) =>
  ({ messageId, sequenceNumber: { toString: () => String(sequenceNumber) }, body: { type: 't' }, applicationProperties: {} }) as unknown as ServiceBusReceivedMessage;

/**
 * A dead-letter sub-queue: receive hands out unlocked messages; `lockExpires` makes every lock
 * lapse at once (the broker hands the message out again); completeMessage can be made to fail.
 */
function fakeQueue(messages: ServiceBusReceivedMessage[], behaviour: { lockExpires?: boolean; completeFails?: boolean } = {}) {
  const available = [...messages];
  const sent: ServiceBusMessage[] = [];
  let receives = 0;
  const receiver = {
    receiveMessages: async (max: number) => {
      receives++;
      const batch = available.splice(0, max);
      if (behaviour.lockExpires) available.push(...batch);
      return batch;
    },
    completeMessage: async (message: ServiceBusReceivedMessage) => {
      if (behaviour.completeFails) {
        available.push(message);
        throw Object.assign(new Error('lock lost'), { code: 'MessageLockLost' });
      }
      const index = available.indexOf(message);
      if (index >= 0) available.splice(index, 1);
    },
    abandonMessage: async (message: ServiceBusReceivedMessage) => void (behaviour.lockExpires || available.push(message)),
    close: async () => undefined,
  };
  const client = { createReceiver: () => receiver } as unknown as ServiceBusClient;
  const senders = { get: () => ({ sendMessages: async (message: ServiceBusMessage) => void sent.push(message) }) } as unknown as SenderCache;
  return { client, senders, sent, receives: () => receives };
}

describe('serviceBusDeadLetters resubmit', () => {
  it('gives the copy an id derived from the original id and the dead-letter sequence number', async () => {
    const queue = fakeQueue([dead('evt-1', 41)]);
    await expect(serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator').resubmit()).resolves.toBe(1);
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-1#resubmit-41']);
    expect(queue.sent[0].applicationProperties).toMatchObject({ 'switchyard-resubmit-to': 'gate-evaluator' });
  });

  it('sends the same id when a resubmit is repeated after completing the dead letter failed, so duplicate detection folds it', async () => {
    const queue = fakeQueue([dead('evt-1', 41)], { completeFails: true });
    const deadLetters = serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator');
    await expect(deadLetters.resubmit()).rejects.toThrow('lock lost');
    await expect(deadLetters.resubmit()).rejects.toThrow('lock lost');
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-1#resubmit-41', 'evt-1#resubmit-41']);
  });

  it('stops when held locks expire and skipped messages come round again, instead of looping forever', async () => {
    const queue = fakeQueue([dead('keep-1', 1), dead('evt-2', 2), dead('keep-3', 3)], { lockExpires: true });
    const resubmitted = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator').resubmit(['evt-2']);
    expect(resubmitted).toBe(1);
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-2#resubmit-2']);
    expect(queue.receives()).toBeLessThanOrEqual(2);
  });

  it('stops after maxMessages, leaving the rest dead-lettered for the next run', async () => {
    const queue = fakeQueue(Array.from({ length: 10 }, (_, n) => dead(`evt-${n}`, n)));
    const resubmitted = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', { maxMessages: 4 }).resubmit();
    expect(resubmitted).toBe(4);
  });
});

describe('resubmitMessageId', () => {
  it('hashes ids that would exceed the 128-character limit, still deterministically', () => {
    const long = 'x'.repeat(128);
    expect(resubmitMessageId(long, '7')).toHaveLength('resubmit-'.length + 64);
    expect(resubmitMessageId(long, '7')).toBe(resubmitMessageId(long, '7'));
    expect(resubmitMessageId(long, '7')).not.toBe(resubmitMessageId(long, '8'));
  });
});
