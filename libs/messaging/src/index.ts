export type { Bus, BusState, BusStatus, InboundMessage, Settlement, MessageProcessor, ReceiveOptions, Receiver } from './bus/bus.port';
export { createBus } from './bus/create-bus';
export { overrideBus } from './bus/override-bus';
export { busOptionsFromEnv, type BusOptions, type BusOptionsDefaults, type ServiceBusConnection } from './bus/bus-options';
export { DEFAULT_REDELIVERY_DELAY, type RedeliveryDelay } from './bus/redelivery-delay';
export { defaultTopology, type Topology, type SubscriptionSpec } from './bus/topology';
export { MAX_DELIVERY_COUNT_EXCEEDED } from './bus/constants';
export { EventPublisher, type PublishOptions } from './publisher/event-publisher';
export { PermanentError } from './errors/permanent.error';
export { BusUnavailableError } from './errors/bus-unavailable.error';
export { BusConfigError } from './errors/bus-config.error';
export { InvalidEventError } from './errors/invalid-event.error';
export { UnknownSubscriptionError } from './errors/unknown-subscription.error';
export { BusContext } from './ctx-host/bus.context';
export { OnEvent } from './decorators/on-event.decorator';
export { BusTransport } from './server/bus.transport';
export type { BusTransportOptions } from './server/bus-transport.options';
export { settleByOutcome } from './server/settle-by-outcome';
export { consumeEvents, on } from './consumer/consume-events';
export { DeadLetterReasons } from './consumer/create-event-processor';
export type { EventHandler, EventRoute, SettlementObserver } from './consumer/event-handler';
export { logSettlements, type SettlementLogger } from './logging/log-settlements';
export type {
  DeadLetter,
  DeadLetterQueue,
  DeadLetterPage,
  ListDeadLettersOptions,
  PurgedDeadLetter,
  PurgeReport,
  PurgeSelection,
  ResubmitReport,
} from './dead-letters/dead-letter.port';
export { DEAD_LETTER_PAGE_DEFAULT, DEAD_LETTER_PAGE_MAX } from './dead-letters/constants';
export { InvalidDeadLetterPageError } from './dead-letters/invalid-dead-letter-page.error';
export { checkLimitText } from './dead-letters/resolve-list-options';
export { EmbeddedBus, type PublishedMessage } from './embedded/embedded-bus';
export type { EmbeddedBusOptions } from './embedded/embedded-options';
export type { CloseReport, DroppedMessages } from './embedded/drop-report';
export { MessagingModule } from './messaging.module';
export { BUS } from './messaging.di-tokens';
export { createBusMetrics, BusMetricNames } from './metrics/create-bus-metrics';
export {
  registerDeadLetterAdminRoutes,
  DEAD_LETTER_ADMIN_PATH,
  type DeadLetterAdminOptions,
  adminKeyAuthenticator,
  ADMIN_KEY_HEADER,
  toDeadLetterView,
  type DeadLetterView,
  type SubscriptionDeadLetters,
  resolveSubscriptions,
  refOf,
  SubscriptionRefError,
  resubmitDeadLetters,
  type ResubmitAnswer,
  purgeDeadLetters,
  type PurgeAnswer,
} from './dead-letters/admin';
export { adminKeyMatcher } from './dead-letters/admin/admin-key';
export type { SettleFailure } from './bus/bus.port';
export type { ServiceBusErrorEvent, ServiceBusErrorHandler } from './servicebus/servicebus-error-event';
export { LAST_ERROR_PROPERTY } from './bus/last-error-code';
export { subscriptionRules, RESUBMIT_TO_PROPERTY, RESUBMIT_RULE_NAME, type CorrelationRule } from './servicebus/subscription-rules';
