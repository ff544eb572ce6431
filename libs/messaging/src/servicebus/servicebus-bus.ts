import { setMaxListeners } from 'node:events';
import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { Bus, BusStatus, MessageProcessor, ReceiveOptions, Receiver } from '../bus/bus.port';
import { ReceiverSet } from '../bus/receiver-set';
import type { ServiceBusConnection } from '../bus/bus-options';
import { DEFAULT_REDELIVERY_DELAY, receiveWithRedeliveryDelay } from '../bus/redelivery-delay';
import { DEFAULT_PUBLISH_TIMEOUT_MS } from '../bus/constants';
import { defaultTopology, findSubscription, lockDurationMsOf, maxDeliveryCountOf, type Topology } from '../bus/topology';
import type { DeadLetterQueue } from '../dead-letters/dead-letter.port';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import type { EventPublisher } from '../publisher/event-publisher';
import type { MessageSender, OutboundMessage } from '../publisher/outbound-message';
import { RoutingPublisher } from '../publisher/routing-publisher';
import { abortOnEither } from './abort-on-either';
import { createEntities, type EntityAdmin } from './create-entities';
import { toServiceBusMessage } from './message-mapping';
import { openSenderLinks } from './open-sender-links';
import { namespaceSettingOf, statusForError, statusForLinkError, statusForSendError, type NamespaceSetting } from './process-error-status';
import { resubmitRuleCheck, type RuleReader } from './resubmit-rule-check';
import { sendRecoveryProbe, type SendRecoveryProbe } from './send-recovery-probe';
import { createAdministrationClient, createServiceBusClient } from './servicebus-client';
import { SenderCache } from './sender-cache';
import { serviceBusDeadLetters } from './servicebus-dead-letters';
import { logServiceBusError, safely, type ServiceBusErrorHandler } from './servicebus-error-event';
import { startServiceBusReceiver } from './servicebus-receiver';

/** The SDK clients the bus uses, made from the connection options unless given (tests give fakes). */
export interface ServiceBusBusDependencies {
  client?: ServiceBusClient;
  administrationClient?: EntityAdmin & RuleReader;
}

/** The bus on Azure Service Bus (or its emulator): one client, cached senders, peek-lock receivers. */
export class ServiceBusBus implements Bus, MessageSender {
  readonly backend = 'servicebus' as const;
  readonly topology: Topology;
  readonly publisher: EventPublisher;
  private readonly status = new BehaviorSubject<BusStatus>({ state: 'starting' });
  readonly status$: Observable<BusStatus> = this.status.pipe(distinctUntilChanged((a, b) => a.state === b.state && a.error?.code === b.error?.code));
  private readonly client: ServiceBusClient;
  private readonly senders: SenderCache;
  private readonly receivers = new ReceiverSet();
  private readonly started: Promise<void>;
  private closed = false;
  private readonly closing = new AbortController();
  private readonly checkingTopics = new Set<string>();
  private readonly onError: ServiceBusErrorHandler;
  private admin: (EntityAdmin & RuleReader) | undefined;
  private readonly setting: NamespaceSetting;
  private readonly sendRecovery: SendRecoveryProbe;
  /** How long a sender link may take to open: as long as a publish may take. */
  private readonly linkTimeoutMs: number;

  constructor(
    private readonly options: ServiceBusConnection,
    private readonly dependencies: ServiceBusBusDependencies = {},
  ) {
    this.onError = safely(options.onError ?? logServiceBusError);
    // Every send in flight listens for the bus closing: more than Node's default of 10 is no leak.
    setMaxListeners(0, this.closing.signal);
    this.topology = options.topology ?? defaultTopology();
    this.client = dependencies.client ?? createServiceBusClient(options);
    this.senders = new SenderCache(this.client);
    this.setting = namespaceSettingOf(options);
    this.linkTimeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.sendRecovery = sendRecoveryProbe(this.client, () => this.setStatus({ state: 'ready' }), this.linkTimeoutMs);
    this.publisher = new RoutingPublisher(this.topology, this, options.publishTimeoutMs, 'servicebus');
    this.started = this.start();
    // Start-up failures surface through status$ and every later call; never as an unhandled rejection.
    this.started.catch(() => undefined);
  }

  async send(topic: string, message: OutboundMessage, scheduledEnqueueTime?: Date, signal?: AbortSignal): Promise<void> {
    await this.ready();
    // The publisher gave up while the bus was starting.
    signal?.throwIfAborted();
    // Aborted when the publisher gives up or the bus closes: the SDK stops its retries and lets go of the message.
    const aborting = abortOnEither(signal, this.closing.signal);
    const abortSignal = aborting.signal;
    try {
      const sender = this.senders.get(topic);
      if (scheduledEnqueueTime && scheduledEnqueueTime.getTime() > Date.now()) {
        await sender.scheduleMessages(toServiceBusMessage(message), scheduledEnqueueTime, { abortSignal });
      } else {
        await sender.sendMessages(toServiceBusMessage(message), { abortSignal });
      }
      this.sendRecovery.recovered();
      this.setStatus({ state: 'ready' });
    } catch (error) {
      // A send given up at its timeout says nothing of the namespace (a slow token refresh, say): a new link shows whether it answers.
      if (abortSignal.aborted && !this.closed) this.checkAfterTimeout(topic).catch(() => undefined);
      const status = abortSignal.aborted ? undefined : statusForSendError(error, this.setting);
      if (status) {
        this.setStatus(status);
        this.sendRecovery.failed(topic);
      }
      throw error;
    } finally {
      aborting.dispose();
    }
  }

  async receive(options: ReceiveOptions, process: MessageProcessor): Promise<Receiver> {
    await this.ready();
    const spec = findSubscription(this.topology, options.topic, options.subscription);
    const receiver = await receiveWithRedeliveryDelay(
      (held) =>
        startServiceBusReceiver(this.client, options, held, {
          onStatus: (status) => this.setStatus(status),
          onError: this.onError,
          namespaceSetting: this.setting,
          maxDeliveryCount: maxDeliveryCountOf(spec),
        }),
      process,
      this.options.redeliveryDelay ?? DEFAULT_REDELIVERY_DELAY,
      { lockDurationMs: lockDurationMsOf(spec), maxDeliveryCount: maxDeliveryCountOf(spec) },
    );
    return this.receivers.track(receiver);
  }

  deadLetters(topic: string, subscription: string): DeadLetterQueue {
    const emulator = isEmulator(this.options);
    const checkRoute = resubmitRuleCheck(topic, subscription, {
      // The SDK's administration client cannot reach the emulator; its entities are its Config.json.
      rules: emulator ? undefined : { getRule: (...args) => this.administration().getRule(...args) },
      provisionedWithRule: findSubscription(emulator ? this.topology : defaultTopology(), topic, subscription) !== undefined,
    });
    return serviceBusDeadLetters(this.client, this.senders, topic, subscription, checkRoute);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    this.sendRecovery.stop();
    await this.receivers.closeAll();
    await this.senders.closeAll();
    await this.client.close();
    this.status.next({ state: 'closed' });
    this.status.complete();
  }

  private async start(): Promise<void> {
    try {
      if (this.options.createEntities) await createEntities(this.administration(), this.topology);
    } catch (error) {
      this.setStatus(statusForError(error, this.setting) ?? { state: 'degraded', error: { code: 'MESSAGING.START_FAILED', message: (error as Error).message } });
      throw error;
    }
    // Not awaited: publishes need not wait for it, and a link that failed to open must not fail them for good.
    void this.becomeReady();
  }

  /**
   * After a send timed out: opens a new sender link on the topic (within the publish timeout). If that
   * fails too, the bus is degraded with that failure's hint and checked until it works again. If it
   * opens, later publishes use it, in case the old link is the one stuck (as the SDK sees it open);
   * the old one is closed once the sends still on it have timed out. One check per topic at a time.
   */
  private async checkAfterTimeout(topic: string): Promise<void> {
    if (this.checkingTopics.has(topic)) return;
    this.checkingTopics.add(topic);
    const fresh = new SenderCache(this.client);
    try {
      const failure = await openSenderLinks(fresh, [topic], this.linkTimeoutMs, this.closing.signal);
      if (this.closed) return;
      if (failure) return this.linksFailed(failure.error, [topic]);
      const replaced = this.senders.replace(topic, fresh.take(topic) as ServiceBusSender);
      setTimeout(() => void replaced?.close().catch(() => undefined), this.linkTimeoutMs).unref();
    } finally {
      this.checkingTopics.delete(topic);
      await fresh.closeAll();
    }
  }

  /** Ready once the links of `publishesTo` are open; otherwise degraded, and the recovery probe checks them until they work. */
  private async becomeReady(): Promise<void> {
    // Closed while creating entities: a sender made now would outlive the closed client.
    if (this.closed) return;
    const topics = this.options.publishesTo ?? [];
    const failure = topics.length > 0 ? await openSenderLinks(this.senders, topics, this.linkTimeoutMs, this.closing.signal) : undefined;
    if (!failure) this.setStatus({ state: 'ready' });
    else if (!this.closed) this.linksFailed(failure.error, topics);
  }

  /** Sender links to these topics did not open: degraded with the failure's hint, checked until they do. */
  private linksFailed(error: unknown, topics: readonly string[]): void {
    this.setStatus(statusForLinkError(error, this.setting));
    this.sendRecovery.failed(...topics);
  }

  private async ready(): Promise<void> {
    if (this.closed) throw new BusUnavailableError('The Service Bus bus is closed');
    try {
      await this.started;
    } catch (error) {
      throw new BusUnavailableError(`The Service Bus bus failed to start: ${(error as Error).message}`, { cause: error });
    }
  }

  private setStatus(status: BusStatus): void {
    if (!this.closed) this.status.next(status);
  }

  private administration(): EntityAdmin & RuleReader {
    this.admin ??= this.dependencies.administrationClient ?? createAdministrationClient(this.options);
    return this.admin;
  }
}

/** Emulator connection strings say so; its entities come only from a Config.json. */
function isEmulator(options: ServiceBusConnection): boolean {
  return /(^|;)\s*UseDevelopmentEmulator\s*=\s*true\s*(;|$)/i.test(options.connectionString ?? '');
}
