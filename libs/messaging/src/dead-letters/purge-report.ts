import { writeJsonLine } from '../logging/json-line-logger';
import type { PurgedDeadLetter, PurgeReport, PurgeSelection } from './dead-letter.port';
import { missedIds } from './missed-ids';

/**
 * The report of a purge run over `requested` ids (all: `undefined`) that removed `purged`; `complete`
 * when it saw the whole queue, which a run that stopped (`stoppedBy`) never did.
 */
export function purgeReportOf(requested: readonly string[] | undefined, purged: PurgedDeadLetter[], complete: boolean, stoppedBy?: string): PurgeReport {
  const missed = missedIds(requested, purged.map((d) => d.messageId), complete);
  return { purged, ...missed, ...(stoppedBy !== undefined && { stoppedBy }) };
}

/**
 * One line per purged dead letter, written as it is deleted: a purge cannot be undone, so what it
 * removed stays on record. Id and reason only: the body may hold customer data.
 */
export function logPurged(subscription: string, { messageId, reason }: PurgedDeadLetter): void {
  writeJsonLine('messaging.dead-letter.purged', { subscription, messageId, reason });
}

/**
 * The ids a purge selects, `undefined` for all. Anything but a non-empty `ids` or `all: true` throws:
 * a purge never falls back to "everything".
 */
export function selectedIds(selection: PurgeSelection): readonly string[] | undefined {
  const { ids, all } = (selection ?? {}) as { ids?: unknown; all?: unknown };
  if (ids === undefined && all === true) return undefined;
  if (all === undefined && Array.isArray(ids) && ids.length > 0 && ids.every((id) => typeof id === 'string')) return ids;
  throw new TypeError('purge needs { ids: [<message id>, ...] } (at least one) or { all: true }');
}
