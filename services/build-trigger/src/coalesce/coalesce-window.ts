import { digest, idempotencyTagPrefix } from '../match-rules/merge-identity';
import type { PlannedBuild } from '../match-rules/planned-build';

/** Which build a merge belongs to: its own (no coalescing) or its target's time window. */
export interface BuildSlot {
  /** Stable across redeliveries and replicas; the due message id and the build tag derive from it. */
  windowKey: string;
  windowStart: Date;
  /** Coalescing only: when this merge's candidate message is delivered (see candidateDueAt). */
  dueAt?: Date;
}

/** Longest stretch over which a window's candidates are spread after it closes. */
const maxSpreadMs = 10_000;
/** Time after a window closes for late-arriving events of merges inside it. */
const maxGraceMs = 5_000;

/**
 * Windows are fixed buckets of `coalesceSeconds` counted from the Unix epoch, keyed by the merge time
 * (mergedAtOf) — never by "now" — so a redelivered or duplicated event lands in the same window and
 * so on the same build.
 */
export function buildSlotOf(build: PlannedBuild, mergedAt: Date): BuildSlot {
  const targetDigest = digest(build.ruleName, build.targetKey);
  if (build.coalesceSeconds <= 0) {
    return { windowKey: `${targetDigest}:merge:${digest(build.mergeKey)}`, windowStart: mergedAt };
  }
  const windowMs = build.coalesceSeconds * 1000;
  const start = Math.floor(mergedAt.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start);
  return {
    windowKey: `${targetDigest}:window:${windowStart.toISOString()}`,
    windowStart,
    dueAt: candidateDueAt(start + windowMs, windowMs, mergedAt.getTime()),
  };
}

/**
 * The later a merge, the earlier its candidate fires after the window closes (plus a grace period
 * for late events): the first candidate to fire claims the window's one build, so that build gets
 * the latest merge's values.
 */
function candidateDueAt(windowEnd: number, windowMs: number, mergedAt: number): Date {
  const spread = ((windowEnd - mergedAt) / windowMs) * Math.min(windowMs, maxSpreadMs);
  return new Date(windowEnd + Math.min(windowMs, maxGraceMs) + Math.round(spread));
}

/** The target half of a window key: it lets the due handler find the same target after rules reload. */
export function targetDigestOf(windowKey: string): string {
  return windowKey.split(':')[0] ?? '';
}

/**
 * The merge time: the PR's closedDate, else the event's envelope time (the hook's createdDate, or when
 * the ingress received a hook without one). A test merge of an open PR has no closedDate.
 */
export function mergedAtOf(closedDate: string | undefined, eventTime: string): Date {
  const closed = closedDate ? Date.parse(closedDate) : Number.NaN;
  return new Date(Number.isNaN(closed) ? Date.parse(eventTime) : closed);
}

/**
 * The merge time as `${pr.mergedAt}` gives it and the due message carries it: the closedDate as sent
 * (Azure DevOps writes seven fractional digits), else mergedAtOf's time in ISO 8601 UTC (three).
 * Undefined when neither is a time (a due message written by hand), which leaves the variable unfilled.
 */
export function mergedAtText(closedDate: string | undefined, eventTime: string): string | undefined {
  if (closedDate !== undefined && !Number.isNaN(Date.parse(closedDate))) return closedDate;
  const mergedAt = mergedAtOf(closedDate, eventTime);
  return Number.isNaN(mergedAt.getTime()) ? undefined : mergedAt.toISOString();
}

/** The build tag that marks a slot as done: a build carrying it means "do not queue again". */
export function slotTag(ruleName: string, windowKey: string): string {
  return idempotencyTagPrefix + digest(ruleName, windowKey);
}
