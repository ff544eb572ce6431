import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import Long from 'long';
import type { DeadLetter, DeadLetterPage } from '../dead-letters/dead-letter.port';
import { pageOf } from '../dead-letters/dead-letter-page';
import type { ResolvedListOptions } from '../dead-letters/resolve-list-options';
import { LAST_ERROR_PROPERTY } from '../bus/last-error-code';
import { resubmittedFromOf } from '../dead-letters/resubmitted-from';

/**
 * Peeks one page of a dead-letter sub-queue from sequence number `after` on (inclusive). It peeks
 * one message past the page: that message's sequence number is the next cursor, so the last page
 * has none. The broker may return fewer messages than asked while more exist, so it asks again
 * until it has enough or gets none; it never holds more than `limit + 1` messages.
 */
export async function peekDeadLetterPage(receiver: Pick<ServiceBusReceiver, 'peekMessages'>, { limit, after }: ResolvedListOptions): Promise<DeadLetterPage> {
  const peeked: ServiceBusReceivedMessage[] = [];
  let from = after === undefined ? undefined : Long.fromString(after);
  while (peeked.length <= limit) {
    const batch = await receiver.peekMessages(limit + 1 - peeked.length, from === undefined ? {} : { fromSequenceNumber: from });
    if (batch.length === 0) break;
    peeked.push(...batch);
    const last = batch[batch.length - 1].sequenceNumber;
    if (last === undefined) break; // cannot say where to go on; what we have is the page
    from = last.add(1);
  }
  const following = peeked.length > limit ? peeked[limit] : undefined;
  return pageOf(peeked.slice(0, limit).map(toDeadLetter), following?.sequenceNumber?.toString());
}

function toDeadLetter(message: ServiceBusReceivedMessage): DeadLetter {
  const copy = resubmittedFromOf(message.applicationProperties);
  return {
    messageId: String(message.messageId ?? ''),
    // A resubmitted copy travels as "resubmit:<type>" so no subscription's type rule takes it; its type is the rest.
    subject: copy.resubmittedFrom === undefined ? message.subject : message.subject?.replace(/^(resubmit:)+/, ''),
    reason: message.deadLetterReason ?? '',
    description: message.deadLetterErrorDescription ?? '',
    ...lastErrorOf(message),
    // A peeked message's AMQP delivery-count already counts every delivery (a received one's counts
    // the earlier ones only, hence its +1 in message-mapping), as the .NET SDK's converter also reads it.
    deliveryCount: message.deliveryCount ?? 0,
    enqueuedTime: message.enqueuedTimeUtc ?? new Date(0),
    ...copy,
    body: message.body,
  };
}

function lastErrorOf(message: ServiceBusReceivedMessage): Pick<DeadLetter, 'lastError'> {
  const lastError = message.applicationProperties?.[LAST_ERROR_PROPERTY];
  return typeof lastError === 'string' ? { lastError } : {};
}
