import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import type { InboundMessage, MessageProcessor, ReceiveOptions, Settlement } from '../bus/bus.port';
import { MAX_DELIVERY_COUNT_EXCEEDED } from '../bus/constants';
import { LAST_ERROR_PROPERTY, lastErrorCodeOf } from '../bus/last-error-code';
import { resubmittedCopyIdentity } from '../dead-letters/resubmit-message-id';
import { DeadLetterStore, type StoredDeadLetter } from './dead-letter-store';
import { Deque } from './deque';
import { LockTable } from './lock-table';
import { EmbeddedReceiver } from './embedded-receiver';
import type { StoredMessage, SubscriptionEntry } from './stored-message';
import type { SubscriptionUsage } from './subscription-full';

export interface EmbeddedSubscriptionSettings {
  topic: string;
  name: string;
  eventTypes: ReadonlySet<string>;
  maxDeliveryCount: number;
  lockDurationMs: number;
  /** What it may hold in all: queued (not being handled), scheduled for it and dead-lettered. */
  maxMessages: number;
}

/**
 * A topic subscription with peek-lock semantics: a delivered message is locked for
 * `lockDurationMs`; settled in time it is completed, abandoned or dead-lettered; a lock that
 * expires makes it available again (a handler that runs too long sees it redelivered).
 * After `maxDeliveryCount` deliveries it is dead-lettered with "MaxDeliveryCountExceeded".
 * It holds at most `maxMessages` queued, scheduled and dead-lettered (see isFull); only new messages are
 * refused, so a settlement, which moves a message it already holds, never is.
 */
export class EmbeddedSubscription {
  readonly deadLetters = new DeadLetterStore();
  private readonly available = new Deque<SubscriptionEntry>();
  private readonly receivers: EmbeddedReceiver[] = [];
  private nextReceiver = 0;
  private readonly locks: LockTable<SubscriptionEntry>;
  private pumpScheduled = false;
  private scheduled = 0;
  private full = false;
  /** Cleared by a closing bus: a handler still running then settles nothing, and its lock was not lost. */
  private cleared = false;

  constructor(
    readonly settings: EmbeddedSubscriptionSettings,
    private readonly onFullChanged: () => void = () => undefined,
  ) {
    this.locks = new LockTable(settings.lockDurationMs, (entry) => this.makeAvailableAgain(entry));
  }

  accepts(subject: string): boolean {
    return this.settings.eventTypes.has(subject);
  }

  /** A message from the topic: published now, or scheduled (and counted by holdScheduled) and now due. */
  enqueue(message: StoredMessage, wasScheduled = false): void {
    if (wasScheduled) this.scheduled--;
    this.push(message);
    this.noteFullness();
  }

  /** Counts a scheduled message that will reach it. */
  holdScheduled(): void {
    this.scheduled++;
    this.noteFullness();
  }

  get backlog(): number {
    return this.available.length;
  }

  /**
   * True while it holds `maxMessages`: a publish it would receive must be refused. Messages its
   * consumers are handling do not count (their number is bounded by the consumers' concurrency), so a
   * handler that publishes its own follow-up to this subscription (the next re-evaluation of a check,
   * a build to queue later) before completing its message is not refused by that message.
   */
  get isFull(): boolean {
    return this.available.length + this.scheduled + this.deadLetters.size >= this.settings.maxMessages;
  }

  get usage(): SubscriptionUsage {
    return {
      path: `${this.settings.topic}/${this.settings.name}`,
      held: { active: this.available.length, scheduled: this.scheduled, deadLettered: this.deadLetters.size },
    };
  }

  /** Removes the dead letters with those message ids (all when none given) and returns them. */
  purge(messageIds?: readonly string[]): StoredDeadLetter[] {
    const purged = this.deadLetters.take(messageIds);
    this.noteFullness();
    return purged;
  }

  attach(process: MessageProcessor, concurrency: number, onSettleFailed?: ReceiveOptions['onSettleFailed']): EmbeddedReceiver {
    const receiver = new EmbeddedReceiver(process, concurrency, (r) => this.detach(r), onSettleFailed);
    this.receivers.push(receiver);
    this.schedulePump();
    return receiver;
  }

  /**
   * Puts copies of dead letters on this subscription, as Service Bus does: each a new message (its own
   * id, enqueued now, deliveries from 0), so one dead-lettered again is listed as such. Returns the
   * message ids of the dead letters taken.
   */
  resubmit(messageIds: readonly string[] | undefined, nowMs: number): string[] {
    // Moved, not added: they counted as dead letters and now count as active.
    const taken = this.deadLetters.take(messageIds);
    for (const { message, sequence } of taken) this.push(resubmittedCopy(message, sequence, nowMs));
    return taken.map(({ message }) => message.messageId);
  }

  private push(message: StoredMessage): void {
    this.available.push({ message, deliveryCount: 0 });
    this.schedulePump();
  }

  private noteFullness(): void {
    const full = this.isFull;
    if (full === this.full) return;
    this.full = full;
    this.onFullChanged();
  }

  private detach(receiver: EmbeddedReceiver): void {
    const index = this.receivers.indexOf(receiver);
    if (index >= 0) this.receivers.splice(index, 1);
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      // A microtask runs in the context of whoever queued it: another event's publish, the previous
      // message's settlement, an admin's resubmit. A delivery must inherit none of them: its consumer
      // span is parented by the message's traceparent alone, as on Service Bus.
      context.with(ROOT_CONTEXT, this.pump, this);
    });
  }

  private pump(): void {
    while (this.available.length > 0) {
      const receiver = this.pickReceiver();
      const entry = receiver && this.available.shift();
      if (!receiver || !entry) return;
      this.deliver(entry, receiver);
    }
  }

  private pickReceiver(): EmbeddedReceiver | undefined {
    for (let i = 0; i < this.receivers.length; i++) {
      const candidate = this.receivers[(this.nextReceiver + i) % this.receivers.length];
      if (candidate.hasCapacity) {
        this.nextReceiver = (this.nextReceiver + i + 1) % this.receivers.length;
        return candidate;
      }
    }
    return undefined;
  }

  private deliver(entry: SubscriptionEntry, receiver: EmbeddedReceiver): void {
    entry.deliveryCount++;
    const { token, expiresAt } = this.locks.lock(entry);
    const inbound = this.toInbound(entry, new Date(expiresAt));
    const work = runProcessor(receiver.process, inbound).then((settlement) => {
      if (this.cleared) return;
      if (!this.settle(entry, token, settlement)) reportLockLost(receiver, inbound, settlement);
    });
    receiver.track(work, () => this.schedulePump());
    this.noteFullness();
  }

  private toInbound(entry: SubscriptionEntry, lockedUntil: Date): InboundMessage {
    const { message } = entry;
    return {
      messageId: message.messageId,
      body: parseBody(message.body),
      subject: message.subject,
      correlationId: message.correlationId,
      applicationProperties: {
        ...message.applicationProperties,
        ...(entry.lastError !== undefined && { [LAST_ERROR_PROPERTY]: entry.lastError }),
      },
      deliveryCount: entry.deliveryCount,
      maxDeliveryCount: this.settings.maxDeliveryCount,
      enqueuedTime: message.enqueuedTime,
      lockedUntil,
      topic: this.settings.topic,
      subscription: this.settings.name,
    };
  }

  /** False when the lock had expired and the settlement was not applied. */
  private settle(entry: SubscriptionEntry, token: number, settlement: Settlement): boolean {
    // The lock expired while the handler ran: the message is already back in the queue
    // (Service Bus would answer MessageLockLost), so this late outcome must not apply.
    if (!this.locks.release(token)) return false;
    if (settlement.kind === 'abandon') {
      entry.lastError = lastErrorCodeOf(settlement.error);
      this.makeAvailableAgain(entry);
    } else if (settlement.kind === 'deadLetter') {
      this.deadLetter(entry, settlement.reason, settlement.description);
    }
    return true;
  }

  private makeAvailableAgain(entry: SubscriptionEntry): void {
    if (entry.deliveryCount >= this.settings.maxDeliveryCount) {
      this.deadLetter(
        entry,
        MAX_DELIVERY_COUNT_EXCEEDED,
        `Message could not be consumed after ${entry.deliveryCount} delivery attempts.`,
      );
      return;
    }
    this.available.unshift(entry);
    this.schedulePump();
    this.noteFullness();
  }

  private deadLetter(entry: SubscriptionEntry, reason: string, description: string): void {
    this.deadLetters.add(entry.message, { reason, description, deliveryCount: entry.deliveryCount, lastError: entry.lastError });
    this.noteFullness();
  }

  /** Drops everything still queued or locked (the bus is closing) and returns how many it dropped. */
  clear(): number {
    const dropped = this.available.length + this.locks.size;
    this.cleared = true;
    this.locks.clear();
    this.available.clear();
    return dropped;
  }
}

function resubmittedCopy(message: StoredMessage, deadLetterSequence: number, nowMs: number): StoredMessage {
  const copy = resubmittedCopyIdentity(message.messageId, String(deadLetterSequence));
  return {
    ...message,
    messageId: copy.messageId,
    applicationProperties: { ...message.applicationProperties, ...copy.properties },
    enqueuedTime: new Date(nowMs),
  };
}

function reportLockLost(receiver: EmbeddedReceiver, message: InboundMessage, settlement: Settlement): void {
  try {
    receiver.onSettleFailed?.({ message, settlement, code: 'MessageLockLost', error: 'The lock expired before the handler finished; the message is delivered again.' });
  } catch {
    // An observer must not break delivery.
  }
}

async function runProcessor(process: MessageProcessor, message: InboundMessage): Promise<Settlement> {
  try {
    return await process(message);
  } catch (error) {
    return { kind: 'abandon', error };
  }
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
