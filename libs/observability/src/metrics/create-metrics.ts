import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';

type MetricConfig<L extends string> = { name: string; help: string; labelNames?: readonly L[] };

/** One Prometheus registry per service, so services sharing a process (all-in-one) never collide. */
export interface ServiceMetrics {
  readonly service: string;
  readonly registry: Registry;
  /** The Content-Type of `render()`'s output. */
  readonly contentType: string;
  counter<L extends string = string>(config: MetricConfig<L>): Counter<L>;
  gauge<L extends string = string>(config: MetricConfig<L>): Gauge<L>;
  histogram<L extends string = string>(config: MetricConfig<L> & { buckets?: number[] }): Histogram<L>;
  /** The registry in Prometheus text format (what `GET /metrics` answers). */
  render(): Promise<string>;
}

export interface CreateMetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, GC) with the `switchyard_` prefix. Default true. */
  defaultMetrics?: boolean;
}

/** Thrown when a metric name is reused with a different kind (a programming error, caught in tests). */
export class MetricKindConflictError extends Error {
  readonly code = 'METRIC_KIND_CONFLICT';
  constructor(name: string) {
    super(`metric "${name}" is already registered as a different kind; pick another name`);
  }
}

export function createMetrics(service: string, options: CreateMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'switchyard_' });

  // Asking twice for the same metric returns the first one, so modules can declare what they use.
  function getOrCreate<M extends Metric>(name: string, kind: new (...args: never[]) => M, create: () => M): M {
    const existing = registry.getSingleMetric(name);
    if (existing === undefined) return create();
    if (!(existing instanceof kind)) throw new MetricKindConflictError(name);
    return existing;
  }

  return {
    service,
    registry,
    contentType: registry.contentType,
    counter: <L extends string>(config: MetricConfig<L>) =>
      getOrCreate(config.name, Counter<L>, () => new Counter<L>({ ...(config as CounterConfiguration<L>), registers: [registry] })),
    gauge: <L extends string>(config: MetricConfig<L>) =>
      getOrCreate(config.name, Gauge<L>, () => new Gauge<L>({ ...(config as GaugeConfiguration<L>), registers: [registry] })),
    histogram: <L extends string>(config: MetricConfig<L> & { buckets?: number[] }) =>
      getOrCreate(
        config.name,
        Histogram<L>,
        () => new Histogram<L>({ ...(config as HistogramConfiguration<L>), registers: [registry] }),
      ),
    render: () => registry.metrics(),
  };
}
