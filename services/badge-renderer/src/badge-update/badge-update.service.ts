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

const SOURCE = 'urn:switchyard:badge-renderer';

/**
 * Stores badges for one event: SVG + JSON (never over a newer state), then the index entries, then
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
  ) {}

  async update(states: BadgeState[], presentation: BadgePresentation, origin: EventOrigin): Promise<BadgeUpdateResult[]> {
    const outcomes = await Promise.all(states.map((state) => this.blobs.write(state, presentation)));
    states.forEach((state, i) => this.metrics.badges.inc({ kind: state.kind, outcome: outcomes[i] }));
    const current = states.filter((_, i) => outcomes[i] !== 'stale');
    const results: BadgeUpdateResult[] = states.map((state, i) => ({ path: state.path, outcome: outcomes[i] as WriteOutcome }));
    if (current.length === 0) return results;

    const entries = current.map((state) => toIndexEntry(state, (path) => this.store.urlOf(path)));
    const index = await this.index.apply(entries);
    const summaryPaths = new Set(current.map((state) => (state.kind === 'release' ? summaryPathOf(state.path) : undefined)));
    const summaries = index.badges.filter((entry) => entry.kind === 'summary' && summaryPaths.has(entry.path));
    const shown = [...entries];
    for (const summary of summaries) {
      const outcome = await this.blobs.write(summary, presentation);
      this.metrics.badges.inc({ kind: 'summary', outcome });
      results.push({ path: summary.path, outcome });
      if (outcome !== 'stale') shown.push(summary);
    }
    await Promise.all(shown.map((entry) => this.publisher.publish(this.renderedEvent(entry, origin))));
    return results;
  }

  // The id is derived from source event and badge, so a retried event publishes duplicates the bus drops.
  private renderedEvent(entry: IndexEntry, origin: EventOrigin): EventEnvelope {
    const id = `badge-${createHash('sha256').update(`${entry.sourceEventId}\u0000${entry.path}`).digest('hex').slice(0, 40)}`;
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
