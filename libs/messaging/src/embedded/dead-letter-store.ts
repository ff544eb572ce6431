import type { DeadLetter } from '../dead-letters/dead-letter.port';
import type { StoredMessage } from './stored-message';

interface StoredDeadLetter {
  message: StoredMessage;
  reason: string;
  description: string;
  deliveryCount: number;
}

/** A subscription's dead-letter sub-queue. */
export class DeadLetterStore {
  private entries: StoredDeadLetter[] = [];

  add(message: StoredMessage, reason: string, description: string, deliveryCount: number): void {
    this.entries.push({ message, reason, description, deliveryCount });
  }

  list(): DeadLetter[] {
    return this.entries.map(({ message, reason, description, deliveryCount }) => ({
      messageId: message.messageId,
      subject: message.subject,
      reason,
      description,
      deliveryCount,
      enqueuedTime: message.enqueuedTime,
      body: parseOrRaw(message.body),
    }));
  }

  /** Removes and returns the dead-lettered messages with those ids (all when none given). */
  take(messageIds?: readonly string[]): StoredMessage[] {
    const wanted = messageIds ? new Set(messageIds) : undefined;
    const taken = this.entries.filter((entry) => !wanted || wanted.has(entry.message.messageId));
    this.entries = this.entries.filter((entry) => !taken.includes(entry));
    return taken.map((entry) => entry.message);
  }
}

function parseOrRaw(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
