import { ROOT_CONTEXT, SpanStatusCode, context, trace, type SpanContext } from '@opentelemetry/api';
import type { Logger } from '@switchyard/observability';
import type { BadgeStore } from '../badge-store/badge-store.port';
import { WriteContentionError } from '../errors/write-contention.error';
import { emptyIndex, INDEX_PATH, type BadgeIndex, type IndexEntry } from './index-entry';
import { mergeIndex, nextRevision, type DeriveEntries, type KeepEntry } from './merge-index';
import { parseIndex } from './parse-index';

interface Waiting {
  entries: readonly IndexEntry[];
  resolve: (index: BadgeIndex) => void;
  reject: (error: unknown) => void;
  /** The span of the event that asked (its trace links to the batch that stored it). */
  caller?: SpanContext;
}

const MAX_ATTEMPTS = 20;
const tracer = trace.getTracer('@switchyard/badge-renderer');

/**
 * Keeps `index.json` consistent across concurrent handlers and replicas. In-process, changes are
 * collected for `batchMs` (and while a write is in flight) and merged into one read-merge-write per
 * batch instead of one per event: the index is the largest blob and every write of it costs storage
 * time the badges themselves are waiting for. Across replicas, every write is conditional on the ETag
 * it merged into, and merging compares ordering keys, so batching never lets an older state win.
 */
export class BadgeIndexWriter {
  private waiting: Waiting[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;
  // The index as this process last wrote or read it: merged onto directly, so the common case is
  // one conditional write; when another replica wrote since, the condition fails and it is re-read.
  // `damage`: it was read repaired (see parseIndex), so it is written back even without a change.
  private last: { index: BadgeIndex; etag: string; damage?: string } | undefined;

  constructor(
    private readonly store: BadgeStore,
    private readonly derive: DeriveEntries,
    private readonly maxAgeSeconds: number,
    private readonly batchMs = 0,
    private readonly keep?: KeepEntry,
    private readonly logger?: Logger,
  ) {}

  /** The container was re-created: the index remembered is not the one stored any more. */
  forgetIndex(): void {
    this.last = undefined;
  }

  /** Resolves with an index that contains `entries` (or newer states of their badges) once stored. */
  apply(entries: readonly IndexEntry[]): Promise<BadgeIndex> {
    const caller = trace.getActiveSpan()?.spanContext();
    return new Promise((resolve, reject) => {
      this.waiting.push({ entries, resolve, reject, ...(caller && { caller }) });
      // A batch belongs to no one event's trace: it runs in a root context of its own (linked to
      // every event it stores), so the next batch, scheduled from inside this one, does not either.
      context.with(ROOT_CONTEXT, () => this.schedule());
    });
  }

  private schedule(): void {
    if (this.flushing || this.timer) return;
    if (this.batchMs <= 0) {
      void this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.batchMs);
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      const batch = this.waiting.splice(0);
      const links = batch.flatMap((w) => (w.caller ? [{ context: w.caller }] : []));
      await tracer.startActiveSpan('badge index batch', { root: true, links, attributes: { 'switchyard.badge.index.events': batch.length } }, async (span) => {
        try {
          const index = await this.commit(batch.flatMap((w) => w.entries));
          for (const w of batch) w.resolve(index);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'index write failed' });
          for (const w of batch) w.reject(error);
        } finally {
          span.end();
        }
      });
    } finally {
      this.flushing = false;
    }
    // What arrived during the write waits for the next batch, so writes stay at most one per batchMs.
    if (this.waiting.length > 0) this.schedule();
  }

  private async commit(entries: IndexEntry[]): Promise<BadgeIndex> {
    // Only a write finds out that the remembered index is gone (deleted by hand, or its container
    // re-created by another replica), so "no change" against it is confirmed by reading it once.
    let confirmed = this.last === undefined;
    let current = this.last ?? (await this.read());
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const index = current?.index ?? emptyIndex();
      const now = new Date();
      const merged = mergeIndex(index, entries, this.derive, now, this.keep) ?? (current?.damage ? repaired(index, now) : undefined);
      if (!merged && confirmed) return index;
      if (!merged) {
        confirmed = true;
        current = await this.read();
        continue;
      }
      const result = await this.store.write(INDEX_PATH, {
        body: JSON.stringify(merged),
        contentType: 'application/json; charset=utf-8',
        maxAgeSeconds: this.maxAgeSeconds,
        metadata: { revision: String(merged.revision) },
        condition: current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
      });
      if (result.written) {
        this.last = { index: merged, etag: result.etag };
        return merged;
      }
      this.last = undefined;
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
      confirmed = true;
      current = await this.read();
    }
    throw new WriteContentionError(INDEX_PATH, MAX_ATTEMPTS);
  }

  private async read(): Promise<{ index: BadgeIndex; etag: string; damage?: string } | undefined> {
    const stored = await this.store.read(INDEX_PATH);
    if (!stored) {
      this.last = undefined;
      return undefined;
    }
    const { index, damage } = parseIndex(stored.body, stored.metadata['revision']);
    if (damage) this.logger?.warn({ blob: this.store.urlOf(INDEX_PATH), damage }, `${INDEX_PATH} was damaged and is repaired: ${damage}`);
    this.last = { index, etag: stored.etag, ...(damage && { damage }) };
    return this.last;
  }
}

/** A repaired index written back as it is: the next revision, nothing else changed. */
function repaired(index: BadgeIndex, now: Date): BadgeIndex {
  return { ...index, revision: nextRevision(index.revision, now), updated: now.toISOString() };
}
