import type { Counter, Histogram } from 'prom-client';
import type { ServiceMetrics } from '@switchyard/observability';

/** What the renderer counts: badges by outcome, blob failures, dead-letters, and store latency. */
export class BadgeMetrics {
  readonly events: Counter<'type' | 'outcome'>;
  readonly badges: Counter<'kind' | 'outcome'>;
  readonly blobFailures: Counter<'code'>;
  readonly deadLetters: Counter<'reason'>;
  readonly storeSeconds: Histogram<'kind'>;

  constructor(readonly metrics: ServiceMetrics) {
    this.events = metrics.counter({
      name: 'switchyard_badge_events_total',
      help: 'Events handled, by event type and outcome (stored, ignored, dead_lettered, retried).',
      labelNames: ['type', 'outcome'],
    });
    this.badges = metrics.counter({
      name: 'switchyard_badges_total',
      help: 'Badges processed, by kind and outcome (written, unchanged = replay, stale = older than stored).',
      labelNames: ['kind', 'outcome'],
    });
    this.blobFailures = metrics.counter({
      name: 'switchyard_badge_blob_failures_total',
      help: 'Events abandoned for retry because Blob storage failed or stayed contended.',
      labelNames: ['code'],
    });
    this.deadLetters = metrics.counter({
      name: 'switchyard_badge_dead_letters_total',
      help: 'Events dead-lettered because they lack what a badge needs.',
      labelNames: ['reason'],
    });
    this.storeSeconds = metrics.histogram({
      name: 'switchyard_badge_store_seconds',
      help: 'Time from receiving an event to its badges, index and summary being stored.',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  }
}
