import { randomUUID } from 'node:crypto';
import type { ServiceBusClient, ServiceBusReceivedMessage } from '@azure/service-bus';
import type { DeadLetter, DeadLetterQueue } from '../dead-letters/dead-letter.port';
import type { SenderCache } from './sender-cache';
import { RESUBMIT_TO_PROPERTY } from './subscription-rules';

const PAGE = 100;

/** The dead-letter sub-queue of one subscription: peek to list, receive-and-resend to resubmit. */
export function serviceBusDeadLetters(client: ServiceBusClient, senders: SenderCache, topic: string, subscription: string): DeadLetterQueue {
  const open = () => client.createReceiver(topic, subscription, { subQueueType: 'deadLetter', receiveMode: 'peekLock' });
  return {
    async list() {
      const receiver = open();
      try {
        const found: DeadLetter[] = [];
        for (;;) {
          const page = await receiver.peekMessages(PAGE);
          found.push(...page.map(toDeadLetter));
          if (page.length < PAGE) return found;
        }
      } finally {
        await receiver.close();
      }
    },
    async resubmit(messageIds) {
      const wanted = messageIds ? new Set(messageIds) : undefined;
      const receiver = open();
      const kept: ServiceBusReceivedMessage[] = [];
      let resubmitted = 0;
      try {
        for (;;) {
          const batch = await receiver.receiveMessages(PAGE, { maxWaitTimeInMs: 1000 });
          if (batch.length === 0) break;
          for (const message of batch) {
            if (wanted && !wanted.has(String(message.messageId))) {
              kept.push(message); // held locked until the end so the loop does not see it again
              continue;
            }
            await senders.get(topic).sendMessages({
              // A fresh id: the original is still inside the topic's duplicate-detection window.
              messageId: randomUUID(),
              body: message.body,
              contentType: message.contentType,
              correlationId: message.correlationId,
              subject: `resubmit:${message.subject ?? ''}`,
              applicationProperties: { ...message.applicationProperties, [RESUBMIT_TO_PROPERTY]: subscription },
            });
            await receiver.completeMessage(message);
            resubmitted++;
          }
        }
      } finally {
        await Promise.allSettled(kept.map((message) => receiver.abandonMessage(message)));
        await receiver.close();
      }
      return resubmitted;
    },
  };
}

function toDeadLetter(message: ServiceBusReceivedMessage): DeadLetter {
  return {
    messageId: String(message.messageId ?? ''),
    subject: message.subject,
    reason: message.deadLetterReason ?? '',
    description: message.deadLetterErrorDescription ?? '',
    deliveryCount: (message.deliveryCount ?? 0) + 1,
    enqueuedTime: message.enqueuedTimeUtc ?? new Date(0),
    body: message.body,
  };
}
