/** What a run over a dead-letter queue did not do of what it was asked. */
export interface MissedIds {
  /** Requested ids that are not in the queue. */
  notFound: string[];
  /** Requested ids the bounded run did not get to; only when there are some. */
  notReached?: string[];
  /** A run over all dead letters stopped at its bounds: more may be left. */
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
