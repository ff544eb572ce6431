import { compareOrder } from '../ordering/order-key';
import type { BadgeIndex, IndexEntry } from './index-entry';

/** Entries that follow from others (summary badges); recomputed inside the same index write. */
export type DeriveEntries = (byPath: ReadonlyMap<string, IndexEntry>, changed: readonly IndexEntry[], revision: number) => IndexEntry[];

/** Whether the index still lists an entry at `now`; the ones it drops keep their badge blobs. */
export type KeepEntry = (entry: IndexEntry, now: Date) => boolean;

const keepEverything: KeepEntry = () => true;

/**
 * The revision after `previous`: one more, but never less than the time of the change (epoch ms).
 * Summary badges are ordered by the revision they were derived from, and an index that starts over
 * (deleted, replaced by an older copy, rebuilt after damage) counts from a lower revision than
 * the summaries already stored; the clock puts its first change after all of them.
 */
export function nextRevision(previous: number, now: Date): number {
  return Math.max(previous + 1, now.getTime());
}

/**
 * Applies entries that are newer than what the index holds (older or equal ones are ignored, so
 * replays and out-of-order deliveries cannot regress it), then recomputes derived entries.
 * Entries `keep` refuses are left out, old and incoming alike, but only when something else
 * changed: dropping them alone is not worth a write. Returns undefined when nothing changed.
 */
export function mergeIndex(
  index: BadgeIndex,
  incoming: readonly IndexEntry[],
  derive: DeriveEntries,
  now: Date,
  keep: KeepEntry = keepEverything,
): BadgeIndex | undefined {
  const byPath = new Map(index.badges.map((entry) => [entry.path, entry]));
  const changed: IndexEntry[] = [];
  for (const entry of incoming) {
    if (!keep(entry, now)) continue;
    const existing = byPath.get(entry.path);
    if (existing && compareOrder(entry.order, existing.order) <= 0) continue;
    byPath.set(entry.path, entry);
    changed.push(entry);
  }
  if (changed.length === 0) return undefined;
  const revision = nextRevision(index.revision, now);
  for (const entry of derive(byPath, changed, revision)) byPath.set(entry.path, entry);
  const badges = [...byPath.values()].filter((entry) => keep(entry, now)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { schemaVersion: 1, revision, updated: now.toISOString(), badges };
}
