import { Counter, Histogram, type Registry } from 'prom-client';
import { isErrorCode } from '../bus/last-error-code';
import type { SettlementObserver } from '../consumer/event-handler';
import { outcomeOf } from '../tracing/process-span';

export const BusMetricNames = {
  handlerDuration: 'switchyard_bus_handler_duration_seconds',
  settled: 'switchyard_bus_messages_settled_total',
  deadLettered: 'switchyard_bus_dead_lettered_total',
} as const;

/** Label for messages whose body had no event type (they are dead-lettered as invalid envelopes). */
const UNKNOWN_TYPE = 'unknown';

/** Distinct dead-letter reasons one consumer labels; the rest are counted as `other`. */
export const MAX_REASON_LABELS = 50;

/**
 * A SettlementObserver (BusTransport's `onSettled`, consumeEvents' `onSettled`) that counts every
 * settlement into `registry`: handler duration and outcome per subscription (`topic/name`) and
 * event type, and dead letters per reason. Dead letters the broker makes after maxDeliveryCount
 * show here as the last delivery's `abandoned`; see the dead-letter CLI for those.
 */
export function createBusMetrics(registry: Registry): SettlementObserver {
  const duration = reuse(registry, BusMetricNames.handlerDuration, Histogram, () =>
    new Histogram({
      name: BusMetricNames.handlerDuration,
      help: 'Time from receiving a message to its settlement decision, per subscription (topic/name) and event type',
      labelNames: ['subscription', 'type'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
  );
  const settled = reuse(registry, BusMetricNames.settled, Counter, () =>
    new Counter({
      name: BusMetricNames.settled,
      help: 'Messages settled by the consumer, per subscription (topic/name), event type and outcome (completed, abandoned, dead-lettered)',
      labelNames: ['subscription', 'type', 'outcome'] as const,
      registers: [registry],
    }),
  );
  const deadLettered = reuse(registry, BusMetricNames.deadLettered, Counter, () =>
    new Counter({
      name: BusMetricNames.deadLettered,
      help: 'Messages the consumer dead-lettered, per subscription (topic/name) and reason code',
      labelNames: ['subscription', 'reason'] as const,
      registers: [registry],
    }),
  );
  // A handler chooses its PermanentError codes: one built from input (an id in it) must not make a
  // series per message.
  const reasons = new Set<string>();
  const reasonLabel = (reason: string) => {
    if (!isErrorCode(reason)) return 'other';
    if (!reasons.has(reason) && reasons.size >= MAX_REASON_LABELS) return 'other';
    reasons.add(reason);
    return reason;
  };
  return ({ topic, subscription, type, settlement, durationMs, settleFailed }) => {
    // The decision was already counted; a failed settle is a redelivery to come, not a new outcome.
    if (settleFailed) return;
    const labels = { subscription: `${topic}/${subscription}`, type: type ?? UNKNOWN_TYPE };
    duration.observe(labels, durationMs / 1000);
    settled.inc({ ...labels, outcome: outcomeOf(settlement) });
    if (settlement.kind === 'deadLetter') deadLettered.inc({ subscription: labels.subscription, reason: reasonLabel(settlement.reason) });
  };
}

/** Two services sharing a registry (or a restart in tests) reuse the metric instead of failing. */
function reuse<M>(registry: Registry, name: string, kind: abstract new (...args: never[]) => M, create: () => M): M {
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (!(existing instanceof kind)) throw new Error(`metric "${name}" is already registered as a different kind`);
  return existing;
}
