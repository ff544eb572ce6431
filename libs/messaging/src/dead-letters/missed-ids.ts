/** What a run over a dead-letter queue (resubmit, purge) did not do of what it was asked. */
export interface MissedIds {
  /** Requested ids that are not in the dead-letter queue (the run saw all of it). */
  notFound: string[];
  /** Requested ids the bounded run did not get to (only when there are some): run it again for them. */
  notReached?: string[];
  /** Set when a run over all dead letters stopped at its bounds (time, message count): more may be left, run it again. */
  moreLeft?: true;
}

/**
 * Requested ids (`undefined`: all) the run did not act on. A run that did not see the whole queue
 * (`complete` false) cannot say an id is not there: those are "not reached", never "not found".
 */
export function missedIds(requested: readonly string[] | undefined, doneIds: readonly string[], complete: boolean): MissedIds {
  if (requested === undefined) return complete ? { notFound: [] } : { notFound: [], moreLeft: true };
  const done = new Set(doneIds);
  const missing = requested.filter((id) => !done.has(id));
  if (complete || missing.length === 0) return { notFound: missing };
  return { notFound: [], notReached: missing };
}
