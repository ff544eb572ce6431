import type { DeadLetterQueue } from '../dead-letter.port';
import { missedIds } from '../missed-ids';

/** What a resubmit did, as the admin API answers and the CLI prints it. */
export interface ResubmitAnswer {
  /** `topic/name` */
  subscription: string;
  resubmitted: number;
  /** Requested ids that are not in the dead-letter queue. */
  notFound: string[];
  /** Requested ids the bounded run did not get to (only when there are some): run resubmit again. */
  notReached?: string[];
  /** Set when a resubmit of all dead letters stopped at its limit (time or message count): more may be left, run it again. */
  moreLeft?: true;
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
