import type { PurgeAnswer, PurgeSelection, ResubmitAnswer, SubscriptionDeadLetters } from '@switchyard/messaging';
import type { Page } from '../cli/parse-args';

/** `notFound`: requested ids not in the queue; `notReached`: ids a bounded run did not get to. */
export type ResubmitResult = ResubmitAnswer;

/** What a purge deleted (id and reason of each) and what it did not get to, as the admin API answers it. */
export type PurgeResult = PurgeAnswer;

/** Where the CLI reads, resubmits and purges dead letters: a running process' admin API or the bus itself. */
export interface DeadLetterSource {
  /** One page per subscription (`next` set when more may follow); `subscription` is `topic/name`, every declared one when omitted. */
  list(subscription: string | undefined, showBody: boolean, page?: Page): Promise<SubscriptionDeadLetters[]>;
  /** All dead letters of the subscription when `ids` is omitted. */
  resubmit(subscription: string, ids: string[] | undefined): Promise<ResubmitResult>;
  /** Deletes the selected dead letters of the subscription for good. */
  purge(subscription: string, selection: PurgeSelection): Promise<PurgeResult>;
  close(): Promise<void>;
}
