import type { DeadLetter, DeadLetterPage } from '../dead-letters/dead-letter.port';
import { pageOf } from '../dead-letters/dead-letter-page';
import type { ResolvedListOptions } from '../dead-letters/resolve-list-options';
import { resubmittedFromOf } from '../dead-letters/resubmitted-from';
import type { StoredMessage } from './stored-message';

/** Why and after how many deliveries a message was dead-lettered. */
export type DeadLetterOutcome = Pick<DeadLetter, 'reason' | 'description' | 'deliveryCount' | 'lastError'>;

export interface StoredDeadLetter extends DeadLetterOutcome {
  /** Position in this sub-queue, never reused: a page cursor stays valid while earlier entries leave. */
  sequence: number;
  message: StoredMessage;
}

/** A subscription's dead-letter sub-queue. */
export class DeadLetterStore {
  /** Ordered by `sequence`. */
  private entries: StoredDeadLetter[] = [];
  private lastSequence = 0;

  get size(): number {
    return this.entries.length;
  }

  /** The message ids and reasons of the oldest `limit` dead letters. */
  oldest(limit: number): Array<{ messageId: string; reason: string }> {
    return this.entries.slice(0, limit).map((entry) => ({ messageId: entry.message.messageId, reason: entry.reason }));
  }

  add(message: StoredMessage, outcome: DeadLetterOutcome): void {
    this.entries.push({ ...outcome, sequence: ++this.lastSequence, message });
  }

  /** Up to `limit` dead letters from sequence `after` on, and the sequence the next page starts at, if any. */
  page({ limit, after }: ResolvedListOptions): DeadLetterPage {
    const start = after === undefined ? 0 : this.firstIndexFrom(Number(after));
    const slice = this.entries.slice(start, start + limit + 1);
    const following = slice.length > limit ? slice.pop() : undefined;
    return pageOf(slice.map(toDeadLetter), following && String(following.sequence));
  }

  /** Removes and returns the dead letters with those message ids (all when none given). */
  take(messageIds?: readonly string[]): StoredDeadLetter[] {
    const wanted = messageIds ? new Set(messageIds) : undefined;
    const kept: StoredDeadLetter[] = [];
    const taken: StoredDeadLetter[] = [];
    for (const entry of this.entries) {
      if (!wanted || wanted.has(entry.message.messageId)) taken.push(entry);
      else kept.push(entry);
    }
    this.entries = kept;
    return taken;
  }

  private firstIndexFrom(sequence: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].sequence < sequence) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function toDeadLetter({ message, reason, description, deliveryCount, lastError }: StoredDeadLetter): DeadLetter {
  return {
    messageId: message.messageId,
    subject: message.subject,
    reason,
    description,
    ...(lastError !== undefined && { lastError }),
    deliveryCount,
    enqueuedTime: message.enqueuedTime,
    ...resubmittedFromOf(message.applicationProperties),
    body: parseOrRaw(message.body),
  };
}

function parseOrRaw(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
