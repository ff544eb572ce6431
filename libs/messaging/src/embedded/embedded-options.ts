import type { RedeliveryDelay } from '../bus/redelivery-delay';
import type { Topology } from '../bus/topology';
import type { CloseReport } from './drop-report';

export interface EmbeddedBusOptions {
  /** Topics, subscriptions and contracts; defaults to the ones declared in @switchyard/contracts. */
  topology?: Topology;
  /** Overrides every subscription's lock duration (tests use a short one). */
  lockDurationMs?: number;
  /** Overrides every subscription's maxDeliveryCount. */
  maxDeliveryCount?: number;
  /** How long a message id is remembered per topic for duplicate detection (Service Bus default: 10 min). */
  duplicateDetectionWindowMs?: number;
  /** How long an abandoned message waits (in its lock) before it is delivered again; default 1 s doubling to 30 s. */
  redeliveryDelay?: RedeliveryDelay;
  /**
   * How many messages one subscription may hold: queued, scheduled for it and dead-lettered (default
   * 10,000, BUS_EMBEDDED_MAX_MESSAGES; messages its consumers are handling do not count). A publish
   * that a full subscription would receive is refused with BusUnavailableError, and the bus is
   * degraded until it has room again.
   */
  maxMessagesPerSubscription?: number;
  /** Default publish timeout. */
  publishTimeoutMs?: number;
  /** Clock, for deterministic tests of duplicate windows and scheduling. */
  now?: () => number;
  /**
   * Told what close() dropped (queued or scheduled messages not delivered), only when it dropped
   * something. Without it, one JSON line goes to stderr.
   */
  onDropped?: (report: CloseReport) => void;
}
