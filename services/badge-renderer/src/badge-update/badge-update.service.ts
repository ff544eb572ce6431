import { createHash } from 'node:crypto';
import { BadgeRendered, createEvent, type EventEnvelope } from '@switchyard/contracts';
import type { EventPublisher } from '@switchyard/messaging';
import type { BadgeMetrics } from '../badge-model/badge-metrics';
import type { BadgeState } from '../badge-model/badge-state';
import { toIndexEntry, type IndexEntry } from '../badge-index/index-entry';
import type { BadgeIndexWriter } from '../badge-index/badge-index-writer';
import type { BadgeBlobWriter } from '../badge-store/badge-blob-writer';
import type { BadgeStore } from '../badge-store/badge-store.port';
import type { WriteOutcome } from '../badge-store/conditional-write';
import type { BadgePresentation } from '../badge-style/badge-style';
import { serializeOrder } from '../ordering/order-key';
import { summaryPathOf } from '../render-summary-badge/summary-entries';

/** The event the badges come from, so BadgeRendered continues its correlation and trace. */
export interface EventOrigin {
  correlationId: string;
  traceparent?: string;
}

export interface BadgeUpdateResult {
  path: string;
  outcome: WriteOutcome;
}

export interface BadgeUpdateReport {
  results: BadgeUpdateResult[];
  /** ms until the event's own badges (SVG + JSON) were stored; the index and summary follow. */
  badgesStoredMs: number;
}

const SOURCE = 'urn:switchyard:badge-renderer';

/**
 * Stores badges for one event: SVG + JSON (never over a newer state) and the index entries, then
 * the summary of every release definition touched, then a BadgeRendered event per badge now showing
 * this event. Each step is idempotent, so a retry after any failure converges on the same blobs.
 */
export class BadgeUpdateService {
  constructor(
    private readonly store: BadgeStore,
    private readonly blobs: BadgeBlobWriter,
    private readonly index: BadgeIndexWriter,
    private readonly publisher: EventPublisher,
    private readonly metrics: BadgeMetrics,
    /** BADGE_STYLE / BADGE_MAX_AGE: the summary belongs to no one subscription, so it always uses these. */
    private readonly serviceDefaults: BadgePresentation,
  ) {}

  async update(states: BadgeState[], presentation: BadgePresentation, origin: EventOrigin): Promise<BadgeUpdateReport> {
    const started = performance.now();
    let badgesStoredMs = 0;
    const entries = states.map((state) => toIndexEntry(state, (path) => this.store.urlOf(path)));
    // The index compares ordering keys itself, so it need not wait for the badge blobs: a stale
    // entry is ignored there just as the blob write ignores it.
    const [outcomes, index] = await Promise.all([
      Promise.all(states.map((state) => this.blobs.write(state, presentation))).then((written) => {
        badgesStoredMs = performance.now() - started;
        return written;
      }),
      this.index.apply(entries),
    ]);
    states.forEach((state, i) => this.metrics.badges.inc({ kind: state.kind, outcome: outcomes[i] }));
    const results: BadgeUpdateResult[] = states.map((state, i) => ({ path: state.path, outcome: outcomes[i] as WriteOutcome }));
    const shown = entries.filter((_, i) => outcomes[i] !== 'stale');

    const summaryPaths = new Set(shown.map(summaryPathOf));
    const summaries = index.badges.filter((entry) => entry.kind === 'summary' && summaryPaths.has(entry.path));
    // Deployments from subscriptions with different X-Badge-* headers share one summary: it is drawn
    // with the service defaults, like the index, not with whichever event came last.
    const summaryOutcomes = await Promise.all(summaries.map((summary) => this.blobs.write(summary, this.serviceDefaults)));
    summaries.forEach((summary, i) => {
      const outcome = summaryOutcomes[i] as WriteOutcome;
      this.metrics.badges.inc({ kind: 'summary', outcome });
      results.push({ path: summary.path, outcome });
      if (outcome !== 'stale') shown.push(summary);
    });
    await Promise.all(shown.map((entry) => this.publisher.publish(this.renderedEvent(entry, origin))));
    return { results, badgesStoredMs };
  }

  // The id is derived from the badge and the state it shows, so a retried event publishes
  // duplicates the bus drops, while a new state (e.g. a new summary revision) gets a new id.
  private renderedEvent(entry: IndexEntry, origin: EventOrigin): EventEnvelope {
    const identity = `${entry.sourceEventId}\u0000${entry.path}\u0000${serializeOrder(entry.order)}`;
    const id = `badge-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
    return createEvent(BadgeRendered, {
      id,
      source: SOURCE,
      subject: entry.path,
      correlationId: origin.correlationId,
      ...(origin.traceparent !== undefined && { traceparent: origin.traceparent }),
      data: {
        kind: entry.kind,
        path: entry.path,
        svgUrl: entry.svgUrl,
        jsonUrl: entry.jsonUrl,
        status: entry.status,
        label: entry.label,
        message: entry.message,
        sourceEventId: entry.sourceEventId,
      },
    });
  }
}
