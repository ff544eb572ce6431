import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { Bus, BusStatus, MessageProcessor, ReceiveOptions, Receiver } from '../bus/bus.port';
import { ReceiverSet } from '../bus/receiver-set';
import { DEFAULT_CONCURRENCY, DEFAULT_DUPLICATE_DETECTION_WINDOW_MS, DEFAULT_EMBEDDED_MAX_MESSAGES } from '../bus/constants';
import { DEFAULT_REDELIVERY_DELAY, receiveWithRedeliveryDelay, type RedeliveryDelay } from '../bus/redelivery-delay';
import { defaultTopology, lockDurationMsOf, maxDeliveryCountOf, topicsOf, type Topology } from '../bus/topology';
import type { DeadLetterQueue } from '../dead-letters/dead-letter.port';
import { logPurged, purgeReportOf, selectedIds } from '../dead-letters/purge-report';
import { resolveListOptions } from '../dead-letters/resolve-list-options';
import { BusConfigError } from '../errors/bus-config.error';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { UnknownSubscriptionError } from '../errors/unknown-subscription.error';
import type { EventPublisher } from '../publisher/event-publisher';
import type { MessageSender, OutboundMessage } from '../publisher/outbound-message';
import { RoutingPublisher } from '../publisher/routing-publisher';
import { writeJsonLine } from '../logging/json-line-logger';
import { DROPPED_DEAD_LETTERS_SHOWN, totalDropped, type CloseReport, type DroppedMessages } from './drop-report';
import type { EmbeddedBusOptions } from './embedded-options';
import { EmbeddedSubscription } from './embedded-subscription';
import { EmbeddedTopic } from './embedded-topic';
import { Scheduler } from './scheduler';
import type { PendingMessage } from './stored-message';
import { subscriptionFullError, subscriptionFullStatus } from './subscription-full';

/** A message the embedded bus accepted, as `published$` reports it (tests use it to watch what was sent). */
export interface PublishedMessage {
  topic: string;
  message: OutboundMessage;
  scheduledEnqueueTime?: Date;
  duplicate: boolean;
}

/**
 * In-process bus with Service Bus semantics (topics, filtered subscriptions, peek-lock, delivery
 * counts, dead-lettering, scheduling, duplicate detection). In the all-in-one process one instance
 * is shared by every service.
 */
export class EmbeddedBus implements Bus, MessageSender {
  readonly backend = 'embedded' as const;
  readonly topology: Topology;
  readonly publisher: EventPublisher;
  private readonly status = new BehaviorSubject<BusStatus>({ state: 'ready' });
  readonly status$: Observable<BusStatus> = this.status.asObservable();
  private readonly publishedSubject = new Subject<PublishedMessage>();
  readonly published$: Observable<PublishedMessage> = this.publishedSubject.asObservable();
  private readonly topics = new Map<string, EmbeddedTopic>();
  private readonly subscriptions = new Map<string, EmbeddedSubscription>();
  private readonly receivers = new ReceiverSet();
  private readonly scheduler: Scheduler<{ topic: EmbeddedTopic; message: PendingMessage }>;
  private readonly now: () => number;
  private closed = false;
  private closing: Promise<CloseReport> | undefined;
  private dropReport: CloseReport | undefined;
  private readonly onDropped: (report: CloseReport) => void;
  private readonly redeliveryDelay: RedeliveryDelay;

  constructor(options: EmbeddedBusOptions = {}) {
    this.redeliveryDelay = options.redeliveryDelay ?? DEFAULT_REDELIVERY_DELAY;
    this.onDropped = options.onDropped ?? ((report) => writeJsonLine('messaging.embedded.dropped-on-close', { total: totalDropped(report), ...report }));
    this.topology = options.topology ?? defaultTopology();
    this.now = options.now ?? Date.now;
    this.scheduler = new Scheduler(({ topic, message }) => topic.fanOut(message, this.now(), true), this.now);
    const maxMessages = maxMessagesOf(options);
    const windowMs = options.duplicateDetectionWindowMs ?? DEFAULT_DUPLICATE_DETECTION_WINDOW_MS;
    for (const name of topicsOf(this.topology)) this.topics.set(name, new EmbeddedTopic(name, windowMs, this.now));
    for (const spec of this.topology.subscriptions) {
      const subscription = new EmbeddedSubscription(
        {
          topic: spec.topic,
          name: spec.name,
          eventTypes: new Set(spec.eventTypes),
          maxDeliveryCount: options.maxDeliveryCount ?? maxDeliveryCountOf(spec),
          lockDurationMs: options.lockDurationMs ?? lockDurationMsOf(spec),
          maxMessages,
        },
        () => this.onFullChanged(),
      );
      this.topics.get(spec.topic)?.subscriptions.push(subscription);
      this.subscriptions.set(key(spec.topic, spec.name), subscription);
    }
    this.publisher = new RoutingPublisher(this.topology, this, options.publishTimeoutMs);
  }

  async send(topicName: string, message: OutboundMessage, scheduledEnqueueTime?: Date): Promise<void> {
    this.sendNow(topicName, message, scheduledEnqueueTime);
  }

  /** Accepts (or refuses, by throwing) before it returns: the publisher needs no timeout for it. */
  sendNow(topicName: string, message: OutboundMessage, scheduledEnqueueTime?: Date): void {
    if (this.closed) throw new BusUnavailableError('The embedded bus is closed');
    const topic = this.topics.get(topicName);
    if (!topic) throw new BusUnavailableError(`Topic "${topicName}" does not exist on the embedded bus`);
    // Before the duplicate check, which remembers the id: a refused message must not make its retry a duplicate.
    const full = topic.fullSubscriptionFor(message.messageId, message.subject);
    if (full) throw subscriptionFullError(topicName, full.usage);
    const duplicate = !topic.accept(message.messageId);
    // Building the notification costs more than the rest of a publish; only tests listen.
    if (this.publishedSubject.observed) this.publishedSubject.next({ topic: topicName, message, scheduledEnqueueTime, duplicate });
    if (duplicate) return;
    const pending: PendingMessage = {
      messageId: message.messageId,
      subject: message.subject,
      correlationId: message.correlationId,
      applicationProperties: message.applicationProperties,
      // Serialised once, as a real broker carries bytes; every subscription shares this string.
      body: JSON.stringify(message.body),
    };
    const dueAt = scheduledEnqueueTime?.getTime() ?? 0;
    const now = this.now();
    if (dueAt > now) {
      topic.holdScheduled(pending.subject);
      this.scheduler.add(dueAt, { topic, message: pending });
    } else {
      topic.fanOut(pending, now);
    }
  }

  async receive(options: ReceiveOptions, process: MessageProcessor): Promise<Receiver> {
    if (this.closed) throw new BusUnavailableError('The embedded bus is closed');
    const subscription = this.subscription(options.topic, options.subscription);
    const receiver = await receiveWithRedeliveryDelay(
      async (held) => subscription.attach(held, options.concurrency ?? DEFAULT_CONCURRENCY, options.onSettleFailed),
      process,
      this.redeliveryDelay,
      subscription.settings,
    );
    return this.receivers.track(receiver);
  }

  deadLetters(topic: string, subscription: string): DeadLetterQueue {
    const target = this.subscription(topic, subscription);
    // The whole sub-queue is in memory and taken at once: a run always sees every dead letter.
    const resubmitAndReport = async (messageIds?: readonly string[]) => {
      const resubmittedIds = target.resubmit(messageIds, this.now());
      return { resubmitted: resubmittedIds.length, resubmittedIds, complete: true };
    };
    return {
      list: async (options) => target.deadLetters.page(resolveListOptions(options)),
      resubmit: async (messageIds) => (await resubmitAndReport(messageIds)).resubmitted,
      resubmitAndReport,
      purge: async (selection) => {
        const ids = selectedIds(selection);
        const purged = target.purge(ids).map(({ message, reason }) => ({ messageId: message.messageId, reason }));
        for (const deadLetter of purged) logPurged(key(topic, subscription), deadLetter);
        return purgeReportOf(ids, purged, true);
      },
    };
  }

  /** Messages waiting in a subscription (not locked, not scheduled). */
  backlog(topic: string, subscription: string): number {
    return this.subscription(topic, subscription).backlog;
  }

  /** Scheduled messages not yet due. */
  get scheduledCount(): number {
    return this.scheduler.size;
  }

  /** Stops taking messages, waits for handlers in flight, then drops what is still queued (and reports it). */
  async close(): Promise<void> {
    await this.closeAndReport();
  }

  /**
   * Like close(), resolving with what was dropped: the bus is in memory, so messages still queued
   * or scheduled, and dead letters, are lost. They are reported (here and to `onDropped`), never
   * dropped silently.
   * Every call resolves with the report of the one close that happened.
   */
  closeAndReport(): Promise<CloseReport> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /**
   * Stops at once, without waiting for the handlers in flight (a second Ctrl-C of the local run): what
   * the bus holds, those handlers' messages included, is dropped and reported as close() would, since
   * the process is about to exit and nothing else would say what was lost. Returns that report; a close
   * already under way then reports nothing more.
   */
  closeNow(): CloseReport {
    this.closed = true;
    const report = this.dropHeld();
    this.closing ??= Promise.resolve(report);
    return report;
  }

  private async shutDown(): Promise<CloseReport> {
    this.closed = true;
    await this.receivers.closeAll();
    return this.dropHeld();
  }

  /** Drops and reports what the bus still holds, once: a later call returns the same report. */
  private dropHeld(): CloseReport {
    if (this.dropReport) return this.dropReport;
    const dropped: DroppedMessages[] = [];
    const scheduledPerTopic = new Map<string, number>();
    for (const { topic } of this.scheduler.drain()) scheduledPerTopic.set(topic.name, (scheduledPerTopic.get(topic.name) ?? 0) + 1);
    for (const [topic, scheduled] of scheduledPerTopic) dropped.push({ topic, queued: 0, scheduled });
    for (const subscription of this.subscriptions.values()) {
      const queued = subscription.clear();
      const deadLettered = subscription.deadLetters.size;
      if (queued > 0 || deadLettered > 0) {
        dropped.push({
          topic: subscription.settings.topic,
          subscription: subscription.settings.name,
          queued,
          scheduled: 0,
          ...(deadLettered > 0 && { deadLettered, deadLetters: subscription.deadLetters.oldest(DROPPED_DEAD_LETTERS_SHOWN) }),
        });
      }
    }
    const report: CloseReport = { dropped };
    this.dropReport = report;
    if (dropped.length > 0) {
      try {
        this.onDropped(report);
      } catch {
        // A failing hook must not keep the bus from closing; the report is still returned.
      }
    }
    this.status.next({ state: 'closed' });
    this.status.complete();
    this.publishedSubject.complete();
    return report;
  }

  /** Degraded while a subscription is full, naming one; ready once none is. */
  private onFullChanged(): void {
    if (this.closed) return;
    const full = [...this.subscriptions.values()].find((subscription) => subscription.isFull);
    this.status.next(full ? subscriptionFullStatus(full.usage) : { state: 'ready' });
  }

  private subscription(topic: string, name: string): EmbeddedSubscription {
    const subscription = this.subscriptions.get(key(topic, name));
    if (!subscription) throw new UnknownSubscriptionError(topic, name);
    return subscription;
  }
}

function maxMessagesOf(options: EmbeddedBusOptions): number {
  const max = options.maxMessagesPerSubscription ?? DEFAULT_EMBEDDED_MAX_MESSAGES;
  if (!Number.isSafeInteger(max) || max < 1) throw new BusConfigError('maxMessagesPerSubscription', `must be a whole number of at least 1, got ${max}`);
  return max;
}

function key(topic: string, subscription: string): string {
  return `${topic}/${subscription}`;
}
