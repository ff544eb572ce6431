import type { ServiceBusClient, ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import { DEFAULT_DUPLICATE_DETECTION_WINDOW_MS } from '../bus/constants';
import { LAST_ERROR_PROPERTY } from '../bus/last-error-code';
import type { DeadLetterQueue, ResubmitReport } from '../dead-letters/dead-letter.port';
import { resolveListOptions } from '../dead-letters/resolve-list-options';
import type { SenderCache } from './sender-cache';
import { peekDeadLetterPage } from './servicebus-dead-letters-page';
import { resubmitMessageId } from './resubmit-message-id';
import type { ResubmitRouteCheck } from './resubmit-rule-check';
import { errorCodeOf, errorTextOf } from './servicebus-error-event';
import { RESUBMIT_TO_PROPERTY } from './subscription-rules';

const PAGE = 100;
export const RESUBMIT_MAX_MESSAGES = 10_000;
export const RESUBMIT_MAX_DURATION_MS = 60_000;
const DUPLICATE_WINDOW_MINUTES = DEFAULT_DUPLICATE_DETECTION_WINDOW_MS / 60_000;

/** Bounds one resubmit run; what is left stays dead-lettered for the next run. */
export interface ResubmitLimits {
  maxMessages?: number;
  maxDurationMs?: number;
}

/**
 * The dead-letter sub-queue of one subscription: peek a page to list, receive-and-resend to resubmit.
 * `checkRoute` runs before a run's first send: a copy no rule lets into the subscription is lost.
 */
export function serviceBusDeadLetters(
  client: ServiceBusClient,
  senders: SenderCache,
  topic: string,
  subscription: string,
  checkRoute: ResubmitRouteCheck,
  limits: ResubmitLimits = {},
): DeadLetterQueue {
  const open = () => client.createReceiver(topic, subscription, { subQueueType: 'deadLetter', receiveMode: 'peekLock' });
  const resubmitAndReport = async (messageIds?: readonly string[]): Promise<ResubmitReport> => {
    const wanted = messageIds ? new Set(messageIds) : undefined;
    const receiver = open();
    const kept: ServiceBusReceivedMessage[] = [];
    const seen = new Set<string>();
    const deadline = Date.now() + (limits.maxDurationMs ?? RESUBMIT_MAX_DURATION_MS);
    const maxMessages = limits.maxMessages ?? RESUBMIT_MAX_MESSAGES;
    const resubmittedIds: string[] = [];
    let complete = false;
    let stoppedBy: string | undefined;
    let routeChecked = false;
    try {
      // Bounded: held locks expire (the kept messages then come round again), so "until empty" may never come.
      while (seen.size < maxMessages && Date.now() < deadline) {
        const batch = await receiver.receiveMessages(Math.min(PAGE, maxMessages - seen.size), { maxWaitTimeInMs: 1000 });
        if (batch.length === 0) {
          complete = true; // nothing left that we do not hold: every dead letter was looked at
          break;
        }
        let cameRound = false;
        for (const message of batch) {
          const sequence = String(message.sequenceNumber ?? '');
          if (stoppedBy !== undefined) {
            kept.push(message); // a send failed: this one goes back untouched, for the next run
            continue;
          }
          if (seen.has(sequence)) {
            // Its lock expired while we held it; stop instead of looping. Messages behind it may be unseen.
            cameRound = true;
            kept.push(message);
            continue;
          }
          seen.add(sequence);
          if (wanted && !wanted.has(String(message.messageId))) {
            kept.push(message); // held locked until the end so the loop does not see it again
            continue;
          }
          if (!routeChecked) {
            routeChecked = true;
            stoppedBy = await checkRoute();
            if (stoppedBy !== undefined) {
              kept.push(message); // nothing sent: it and the rest stay dead-lettered
              continue;
            }
          }
          try {
            await senders.get(topic).sendMessages(resubmittedCopy(message, sequence, subscription));
          } catch (error) {
            // Nothing was put back for this one: it and the rest of the batch stay dead-lettered.
            stoppedBy = `${errorCodeOf(error) ?? 'SEND_FAILED'}: ${errorTextOf(error)}`;
            kept.push(message);
            continue;
          }
          resubmittedIds.push(String(message.messageId ?? ''));
          try {
            await receiver.completeMessage(message);
          } catch (error) {
            // The copy is out but the dead letter stays. Stop before more pairs end up like this, and
            // say so: a later resubmit sends the same copy id, folded only within the duplicate window.
            stoppedBy = `${errorCodeOf(error) ?? 'COMPLETE_FAILED'}: ${errorTextOf(error)} (the copy of ${String(message.messageId ?? '')} was sent, but it is still dead-lettered: resubmit it again within ${DUPLICATE_WINDOW_MINUTES} minutes, while duplicate detection folds a second copy)`;
          }
        }
        if (cameRound || stoppedBy !== undefined) break;
      }
    } finally {
      await Promise.allSettled(kept.map((message) => receiver.abandonMessage(message)));
      await receiver.close();
    }
    return { resubmitted: resubmittedIds.length, resubmittedIds, complete: complete && stoppedBy === undefined, ...(stoppedBy !== undefined && { stoppedBy }) };
  };
  return {
    async list(options) {
      const page = resolveListOptions(options);
      const receiver = open();
      try {
        return await peekDeadLetterPage(receiver, page);
      } finally {
        await receiver.close();
      }
    },
    resubmit: async (messageIds) => (await resubmitAndReport(messageIds)).resubmitted,
    resubmitAndReport,
  };
}

/** The copy put back on the topic: addressed to this subscription only, without the failed run's last error. */
function resubmittedCopy(message: ServiceBusReceivedMessage, sequence: string, subscription: string): ServiceBusMessage {
  const { [LAST_ERROR_PROPERTY]: _lastError, ...properties } = message.applicationProperties ?? {};
  return {
    messageId: resubmitMessageId(String(message.messageId ?? ''), sequence),
    body: message.body,
    contentType: message.contentType,
    correlationId: message.correlationId,
    subject: `resubmit:${message.subject ?? ''}`,
    applicationProperties: { ...properties, [RESUBMIT_TO_PROPERTY]: subscription },
  };
}
