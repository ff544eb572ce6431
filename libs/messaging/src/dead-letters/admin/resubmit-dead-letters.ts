import type { DeadLetterQueue } from '../dead-letter.port';
import { missedIds, type MissedIds } from '../missed-ids';

/** What a resubmit did, as the admin API answers and the CLI prints it; `MissedIds` says what it did not put back. */
export interface ResubmitAnswer extends MissedIds {
  /** `topic/name` */
  subscription: string;
  resubmitted: number;
  /**
   * Why the run stopped before it was done (putting a copy back failed, or the subscription has no rule
   * that lets a copy in: `MESSAGING.RESUBMIT_RULE_*`); what it did not put back is still dead-lettered.
   */
  stoppedBy?: string;
}

/**
 * Resubmits (all, or the given ids) and says which requested ids were not there. It learns that from
 * the resubmit run itself, which is bounded, instead of reading the whole queue first: when the run
 * stopped early, ids it did not put back are "not reached", not "not found".
 */
export async function resubmitDeadLetters(queue: DeadLetterQueue, subscription: string, ids?: readonly string[]): Promise<ResubmitAnswer> {
  const report = await queue.resubmitAndReport(ids);
  const stopped = report.stoppedBy === undefined ? {} : { stoppedBy: report.stoppedBy };
  return { subscription, resubmitted: report.resubmitted, ...missedIds(ids, report.resubmittedIds, report.complete), ...stopped };
}
