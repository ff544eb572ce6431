import { Counter, Gauge, type Registry } from 'prom-client';

export interface OutcomeMetrics {
  delivered(count: number): void;
  failedAttempt(status: string): void;
  dropped(reason: string, count: number): void;
  /** Stops counting this publisher's queue in the depth gauge. */
  release(): void;
}

// Every publisher's queue on a registry adds to the one depth gauge on it.
const queueDepthSources = new WeakMap<Registry, Set<() => number>>();

/**
 * Prometheus counters for the Event Grid side channel. Reuses metrics already on the registry, so
 * several publishers in one process (the all-in-one runner) share them instead of failing to register.
 */
export function createOutcomeMetrics(registry: Registry, queueDepth: () => number): OutcomeMetrics {
  const sources = queueDepthSources.get(registry) ?? new Set<() => number>();
  queueDepthSources.set(registry, sources);
  sources.add(queueDepth);
  const delivered = reuse(registry, 'switchyard_eventgrid_events_delivered_total', () =>
    new Counter({ name: 'switchyard_eventgrid_events_delivered_total', help: 'Outcome events Event Grid accepted.', registers: [registry] }),
  );
  const failed = reuse(registry, 'switchyard_eventgrid_publish_failures_total', () =>
    new Counter({
      name: 'switchyard_eventgrid_publish_failures_total',
      help: 'Failed Event Grid publish attempts, by HTTP status (or "network", or "credential" when no Entra ID token could be had).',
      labelNames: ['status'],
      registers: [registry],
    }),
  );
  const dropped = reuse(registry, 'switchyard_eventgrid_events_dropped_total', () =>
    new Counter({
      name: 'switchyard_eventgrid_events_dropped_total',
      help: 'Outcome events given up on, by reason (queue_full, rejected, retries_exhausted, shutdown).',
      labelNames: ['reason'],
      registers: [registry],
    }),
  );
  reuse(registry, 'switchyard_eventgrid_queue_depth', () =>
    new Gauge({
      name: 'switchyard_eventgrid_queue_depth',
      help: 'Outcome events waiting to be sent to Event Grid.',
      registers: [registry],
      collect() {
        let depth = 0;
        for (const source of queueDepthSources.get(registry) ?? []) depth += source();
        this.set(depth);
      },
    }),
  );
  return {
    delivered: (count) => delivered.inc(count),
    failedAttempt: (status) => failed.inc({ status }),
    dropped: (reason, count) => dropped.inc({ reason }, count),
    release: () => sources.delete(queueDepth),
  };
}

function reuse<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
