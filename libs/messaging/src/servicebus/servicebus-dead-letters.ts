import type { ServiceBusClient, ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import { DEFAULT_DUPLICATE_DETECTION_WINDOW_MS } from '../bus/constants';
import { LAST_ERROR_PROPERTY } from '../bus/last-error-code';
import type { DeadLetterQueue, ResubmitReport } from '../dead-letters/dead-letter.port';
import { resolveListOptions } from '../dead-letters/resolve-list-options';
import { resubmittedCopyIdentity } from '../dead-letters/resubmit-message-id';
import type { SenderCache } from './sender-cache';
import { peekDeadLetterPage } from './servicebus-dead-letters-page';
import { purgeServiceBusDeadLetters } from './servicebus-dead-letters-purge';
import { runOverDeadLetters, type DeadLetterRunLimits } from './servicebus-dead-letters-run';
import type { ResubmitRouteCheck } from './resubmit-rule-check';
import { errorCodeOf, errorTextOf } from './servicebus-error-event';
import { RESUBMIT_TO_PROPERTY } from './subscription-rules';

const DUPLICATE_WINDOW_MINUTES = DEFAULT_DUPLICATE_DETECTION_WINDOW_MS / 60_000;

/**
 * The dead-letter sub-queue of one subscription: peek a page to list, receive-and-resend to resubmit,
 * receive-and-complete to purge. `checkRoute` runs before a resubmit's first send: a copy no rule lets
 * into the subscription is lost.
 */
export function serviceBusDeadLetters(
  client: ServiceBusClient,
  senders: SenderCache,
  topic: string,
  subscription: string,
  checkRoute: ResubmitRouteCheck,
  limits: DeadLetterRunLimits = {},
): DeadLetterQueue {
  const open = () => client.createReceiver(topic, subscription, { subQueueType: 'deadLetter', receiveMode: 'peekLock' });
  const resubmitAndReport = async (messageIds?: readonly string[]): Promise<ResubmitReport> => {
    const resubmittedIds: string[] = [];
    let routeChecked = false;
    const run = await runOverDeadLetters(
      open,
      messageIds && new Set(messageIds),
      async (message, sequence, receiver) => {
        if (!routeChecked) {
          routeChecked = true;
          const refused = await checkRoute();
          if (refused !== undefined) return { keep: true, stop: refused }; // nothing sent: it and the rest stay dead-lettered
        }
        try {
          await senders.get(topic).sendMessages(resubmittedCopy(message, sequence, subscription));
        } catch (error) {
          // Nothing was put back for this one: it and the rest of the batch stay dead-lettered.
          return { keep: true, stop: `${errorCodeOf(error) ?? 'SEND_FAILED'}: ${errorTextOf(error)}` };
        }
        resubmittedIds.push(String(message.messageId ?? ''));
        try {
          await receiver.completeMessage(message);
        } catch (error) {
          // The copy is out but the dead letter stays. Stop before more pairs end up like this, and
          // say so: a later resubmit sends the same copy id, folded only within the duplicate window.
          const stop = `${errorCodeOf(error) ?? 'COMPLETE_FAILED'}: ${errorTextOf(error)} (the copy of ${String(message.messageId ?? '')} was sent, but it is still dead-lettered: resubmit it again within ${DUPLICATE_WINDOW_MINUTES} minutes, while duplicate detection folds a second copy)`;
          return { keep: false, stop };
        }
        return { keep: false };
      },
      limits,
    );
    return { resubmitted: resubmittedIds.length, resubmittedIds, ...run };
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
    purge: (selection) => purgeServiceBusDeadLetters(open, `${topic}/${subscription}`, selection, limits),
  };
}

/**
 * The copy put back on the topic: addressed to this subscription only, without the failed run's last
 * error, naming the dead letter it was made from (shown if the copy is dead-lettered again).
 */
function resubmittedCopy(message: ServiceBusReceivedMessage, sequence: string, subscription: string): ServiceBusMessage {
  const { [LAST_ERROR_PROPERTY]: _lastError, ...properties } = message.applicationProperties ?? {};
  const copy = resubmittedCopyIdentity(String(message.messageId ?? ''), sequence);
  return {
    messageId: copy.messageId,
    body: message.body,
    contentType: message.contentType,
    correlationId: message.correlationId,
    subject: `resubmit:${message.subject ?? ''}`,
    applicationProperties: { ...properties, [RESUBMIT_TO_PROPERTY]: subscription, ...copy.properties },
  };
}
