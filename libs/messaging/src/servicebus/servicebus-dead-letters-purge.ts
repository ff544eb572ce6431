import type { ServiceBusReceiver } from '@azure/service-bus';
import type { PurgedDeadLetter, PurgeReport, PurgeSelection } from '../dead-letters/dead-letter.port';
import { logPurged, purgeReportOf, selectedIds } from '../dead-letters/purge-report';
import { runOverDeadLetters, type DeadLetterRunLimits } from './servicebus-dead-letters-run';
import { errorCodeOf, errorTextOf } from './servicebus-error-event';

/**
 * Deletes the selected dead letters of one sub-queue: each is received (peek-lock) and completed, which
 * removes it from Service Bus for good. Bounded like a resubmit; a complete that fails stops the run,
 * and that dead letter and every one after it stay where they are.
 */
export async function purgeServiceBusDeadLetters(
  open: () => ServiceBusReceiver,
  subscription: string,
  selection: PurgeSelection,
  limits: DeadLetterRunLimits = {},
): Promise<PurgeReport> {
  const ids = selectedIds(selection);
  const purged: PurgedDeadLetter[] = [];
  const run = await runOverDeadLetters(
    open,
    ids && new Set(ids),
    async (message, _sequence, receiver) => {
      const deadLetter = { messageId: String(message.messageId ?? ''), reason: message.deadLetterReason ?? '' };
      try {
        await receiver.completeMessage(message);
      } catch (error) {
        // Its lock is in doubt (usually lost): the broker hands it out again, as after a failed resubmit.
        return { keep: false, stop: `${errorCodeOf(error) ?? 'COMPLETE_FAILED'}: ${errorTextOf(error)} (${deadLetter.messageId} is still dead-lettered)` };
      }
      purged.push(deadLetter);
      logPurged(subscription, deadLetter);
      return { keep: false };
    },
    limits,
  );
  return purgeReportOf(ids, purged, run.complete, run.stoppedBy);
}
