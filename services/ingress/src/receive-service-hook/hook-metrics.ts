import type { ServiceMetrics } from '@switchyard/observability';
import type { Counter, Histogram } from 'prom-client';
import { AZURE_DEVOPS_EVENT_TYPES } from './azure-devops-event-types';

/** Labels that event types Azure DevOps does not document may take; the rest are counted as "other" (senders choose them). */
const MAX_OTHER_EVENT_TYPE_LABELS = 50;

// The contracts read event types case-insensitively; one label per case variant would be unbounded.
const DOCUMENTED_BY_LOWER_CASE: ReadonlyMap<string, string> = new Map([...AZURE_DEVOPS_EVENT_TYPES].map((type) => [type.toLowerCase(), type]));

export type PublishOutcome = 'accepted' | 'unavailable';

/** Azure DevOps event types look like `ms.vss-release.deployment-completed-event` or `git.push`. */
const EVENT_TYPE_LABEL = /^[A-Za-z0-9._-]{1,128}$/;

export class HookMetrics {
  private readonly hooks: Counter<'event_type' | 'status' | 'code'>;
  readonly publishSeconds: Histogram<'outcome'>;
  private readonly otherEventTypes = new Set<string>();
  // Label children cached per label set: prom-client would hash the label set on every inc/observe.
  // Nested by event type, status and code, so that finding one builds no key string per hook.
  private readonly hookCounters = new Map<string, Map<number, Map<string, { inc(): void }>>>();
  private readonly publishObservers: Record<PublishOutcome, { observe(seconds: number): void }>;

  constructor(metrics: ServiceMetrics) {
    this.hooks = metrics.counter({
      name: 'switchyard_ingress_hooks_total',
      help: 'Service hooks answered, by Azure DevOps event type, HTTP status code and problem code (none when accepted).',
      labelNames: ['event_type', 'status', 'code'],
    });
    this.publishSeconds = metrics.histogram({
      name: 'switchyard_ingress_publish_seconds',
      help: 'Time for the bus to accept a hook event, by outcome (accepted, unavailable).',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.publishObservers = {
      accepted: this.publishSeconds.labels({ outcome: 'accepted' }),
      unavailable: this.publishSeconds.labels({ outcome: 'unavailable' }),
    };
  }

  observePublish(outcome: PublishOutcome, seconds: number): void {
    this.publishObservers[outcome].observe(seconds);
  }

  /** `code` is a bounded label (problemCodeLabelOf). */
  countHook(eventType: string | undefined, status: number, code: string): void {
    const label = this.label(eventType, status === 202);
    let byStatus = this.hookCounters.get(label);
    if (byStatus === undefined) this.hookCounters.set(label, (byStatus = new Map()));
    let byCode = byStatus.get(status);
    if (byCode === undefined) byStatus.set(status, (byCode = new Map()));
    let counter = byCode.get(code);
    if (counter === undefined) byCode.set(code, (counter = this.hooks.labels({ event_type: label, status: String(status), code })));
    counter.inc();
  }

  private label(eventType: string | undefined, accepted: boolean): string {
    if (eventType === undefined) return 'unknown';
    if (AZURE_DEVOPS_EVENT_TYPES.has(eventType) || this.otherEventTypes.has(eventType)) return eventType;
    // Senders choose this text: only event-type-shaped values become labels (kept on every scrape).
    if (!EVENT_TYPE_LABEL.test(eventType)) return 'invalid';
    const documented = DOCUMENTED_BY_LOWER_CASE.get(eventType.toLowerCase());
    if (documented !== undefined) return documented;
    // Only an accepted hook's type takes a slot: a refused one (not a notification, another organization's) may be anything.
    if (!accepted) return 'unknown';
    if (this.otherEventTypes.size >= MAX_OTHER_EVENT_TYPE_LABELS) return 'other';
    this.otherEventTypes.add(eventType);
    return eventType;
  }
}
