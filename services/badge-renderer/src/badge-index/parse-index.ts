import { orderFromJson } from '../ordering/order-key';
import { emptyIndex, type BadgeIndex, type IndexEntry } from './index-entry';

/** `index.json` as read, and what had to be repaired in it (undefined when nothing). */
export interface ParsedIndex {
  index: BadgeIndex;
  damage?: string;
}

function wellFormed(entry: unknown): IndexEntry | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { path, kind, order } = entry as Record<string, unknown>;
  const key = orderFromJson(order);
  if (typeof path !== 'string' || typeof kind !== 'string' || !key) return undefined;
  return { ...(entry as IndexEntry), order: key };
}

/**
 * A damaged index (edited by hand, truncated) is repaired rather than blocking every badge update
 * behind it: entries that are not badges (no string path or kind, no readable ordering key) are
 * dropped, and an index that is not one at all is rebuilt from the events that follow. The badges
 * themselves are untouched.
 */
export function parseIndex(body: Buffer, storedRevision?: string): ParsedIndex {
  let parsed: Partial<BadgeIndex> | undefined;
  try {
    parsed = JSON.parse(body.toString('utf8')) as Partial<BadgeIndex>;
  } catch {
    // rebuilt below
  }
  if (parsed?.schemaVersion === 1 && Array.isArray(parsed.badges) && typeof parsed.revision === 'number') {
    const badges = (parsed.badges as unknown[]).flatMap((entry) => wellFormed(entry) ?? []);
    const dropped = parsed.badges.length - badges.length;
    const index = { ...(parsed as BadgeIndex), badges };
    if (dropped === 0) return { index };
    return { index, damage: `dropped ${dropped} of its ${parsed.badges.length} entries: not an object with a string path and kind and a valid order` };
  }
  // Keep counting from the stored revision: summary badges only accept higher revisions (and the
  // next revision is at least the current time anyway, see nextRevision).
  return {
    index: { ...emptyIndex(), revision: Number(storedRevision) || 0 },
    damage: 'it is not a schemaVersion 1 index (JSON with a numeric revision and a badges array): started it over empty',
  };
}
