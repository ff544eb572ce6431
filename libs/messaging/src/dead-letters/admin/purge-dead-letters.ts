import type { DeadLetterQueue, PurgeReport, PurgeSelection } from '../dead-letter.port';

/** What a purge did, as the admin API answers and the CLI prints it. */
export interface PurgeAnswer extends PurgeReport {
  /** `topic/name` */
  subscription: string;
}

/** Purges the selected dead letters of one subscription (`topic/name`) and names it in the answer. */
export async function purgeDeadLetters(queue: DeadLetterQueue, subscription: string, selection: PurgeSelection): Promise<PurgeAnswer> {
  return { subscription, ...(await queue.purge(selection)) };
}
