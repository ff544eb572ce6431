/**
 * What the source tells us about how recent a badge state is. `primary` is a monotonically
 * increasing source id (deployment id, build id, index revision), `secondary` an attempt within it
 * (without a primary: the last tiebreak, e.g. a stage's run id), `phase` how far the thing got
 * (started < completed), `time` epoch milliseconds.
 */
export interface OrderKey {
  primary?: number;
  secondary?: number;
  phase: number;
  time: number;
}

/**
 * > 0 when `a` is newer than `b`, 0 when it describes the same state, < 0 when older.
 * Ids are authoritative when both sides have one (a rollback is a newer deployment of an older
 * release, so deployment ids, not release ids or clocks, decide); within the same id the phase
 * decides before time, so a late "started" never overwrites its own "completed". Without ids on both
 * sides the source's timestamps decide, then the phase, then `secondary`.
 */
export function compareOrder(a: OrderKey, b: OrderKey): number {
  if (a.primary !== undefined && b.primary !== undefined) {
    if (a.primary !== b.primary) return Math.sign(a.primary - b.primary);
    const attempt = (a.secondary ?? 0) - (b.secondary ?? 0);
    if (attempt !== 0) return Math.sign(attempt);
    if (a.phase !== b.phase) return Math.sign(a.phase - b.phase);
    return Math.sign(a.time - b.time);
  }
  if (a.time !== b.time) return Math.sign(a.time - b.time);
  if (a.phase !== b.phase) return Math.sign(a.phase - b.phase);
  return Math.sign((a.secondary ?? 0) - (b.secondary ?? 0));
}

/** Blob metadata value (ASCII JSON); kept small because all metadata of a blob shares 8 KiB. */
export function serializeOrder(key: OrderKey): string {
  return JSON.stringify([key.primary ?? null, key.secondary ?? null, key.phase, key.time]);
}

const finite = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

function orderOf(primary: unknown, secondary: unknown, phase: unknown, time: unknown): OrderKey | undefined {
  if (finite(phase) === undefined || finite(time) === undefined) return undefined;
  return { primary: finite(primary), secondary: finite(secondary), phase: phase as number, time: time as number };
}

/** The key stored beside a blob, or undefined when there is none or it is unreadable (then any write wins). */
export function parseOrder(value: string | undefined): OrderKey | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
    const [primary, secondary, phase, time] = parsed as unknown[];
    return orderOf(primary, secondary, phase, time);
  } catch {
    return undefined;
  }
}

/** The key of an index entry as read back from JSON, or undefined when it is not one. */
export function orderFromJson(value: unknown): OrderKey | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { primary, secondary, phase, time } = value as Record<string, unknown>;
  return orderOf(primary, secondary, phase, time);
}

/** Epoch ms of an Azure DevOps timestamp (7 fraction digits, sometimes no offset = UTC), else undefined. */
export function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : ms;
}
