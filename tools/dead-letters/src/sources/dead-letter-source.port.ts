import type { SubscriptionDeadLetters } from '@switchyard/messaging';

export interface ResubmitResult {
  subscription: string;
  resubmitted: number;
  /** Requested ids that were not in the dead-letter queue. */
  notFound: string[];
}

/** Where the CLI reads and resubmits dead letters: a running process' admin API or the bus itself. */
export interface DeadLetterSource {
  /** `subscription` is `topic/name`; every declared subscription when omitted. */
  list(subscription: string | undefined, showBody: boolean): Promise<SubscriptionDeadLetters[]>;
  /** All dead letters of the subscription when `ids` is omitted. */
  resubmit(subscription: string, ids: string[] | undefined): Promise<ResubmitResult>;
  close(): Promise<void>;
}
