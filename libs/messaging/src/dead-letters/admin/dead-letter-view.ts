import type { DeadLetter } from '../dead-letter.port';

/** A dead letter as the admin API and the CLI show it: the body only when asked for explicitly. */
export interface DeadLetterView {
  messageId: string;
  /** Event type (the message subject). */
  type: string | null;
  reason: string;
  description: string;
  /** Error code of the last failed delivery, when there was one (see `DeadLetter.lastError`). */
  lastError?: string;
  /** ISO 8601; for a resubmitted copy, when it was resubmitted. */
  enqueuedTime: string;
  deliveryCount: number;
  /** Message id of the dead letter this one is a resubmitted copy of (see `DeadLetter.resubmittedFrom`). */
  resubmittedFrom?: string;
  body?: unknown;
}

export interface SubscriptionDeadLetters {
  /** `topic/name` */
  subscription: string;
  deadLetters: DeadLetterView[];
  /** Cursor for the next page (`?subscription=…&after=<next>`); only when more may follow. */
  next?: string;
}

export function toDeadLetterView(deadLetter: DeadLetter, showBody: boolean): DeadLetterView {
  const view: DeadLetterView = {
    messageId: deadLetter.messageId,
    type: deadLetter.subject ?? null,
    reason: deadLetter.reason,
    description: deadLetter.description,
    ...(deadLetter.lastError !== undefined && { lastError: deadLetter.lastError }),
    enqueuedTime: deadLetter.enqueuedTime.toISOString(),
    deliveryCount: deadLetter.deliveryCount,
    ...(deadLetter.resubmittedFrom !== undefined && { resubmittedFrom: deadLetter.resubmittedFrom }),
  };
  if (showBody) view.body = deadLetter.body;
  return view;
}
