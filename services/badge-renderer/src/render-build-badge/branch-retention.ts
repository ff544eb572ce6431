import type { KeepEntry } from '../badge-index/merge-index';
import { isPullRequestRef } from './pull-request-build';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which branch badges `index.json` keeps listing. Branches come and go, so without a bound the
 * index (read, merged and rewritten whole on every batch) would keep every branch ever built.
 * Pull-request refs (listed by versions that drew badges for them) are never kept; with
 * `maxAgeDays` > 0, neither is a branch badge whose last build finished longer ago. Other badges
 * are always kept, and the badge blobs themselves are never touched.
 */
export function branchRetention(maxAgeDays: number): KeepEntry {
  return (entry, now) => {
    if (entry.kind !== 'build' || entry.branch === undefined) return true;
    if (isPullRequestRef(entry.branch)) return false;
    if (maxAgeDays <= 0) return true;
    const updated = Date.parse(entry.updated);
    return Number.isNaN(updated) || now.getTime() - updated <= maxAgeDays * DAY_MS;
  };
}
