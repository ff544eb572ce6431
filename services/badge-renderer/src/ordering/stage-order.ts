import type { OrderKey } from './order-key';

const RUNNING = 1;

// Stage keys carry the run id as `secondary`; keys stored before that carried it as `primary`
// (with the event time as `secondary`), and still compare by their run.
const runOf = (key: OrderKey): number | undefined => key.primary ?? key.secondary;

/**
 * > 0 when stage notification `a` is the one the badge should show rather than `b`, < 0 the other
 * way round, 0 for the same state. Within one run (or when either run is unknown) the event time
 * decides, then the phase: a re-run shows "running" again after its first attempt completed, while a
 * late "running" of that first attempt is older than its completion. Between runs the newer run
 * wins, unless the older run's stage started running after the newer run's notification (a stage of
 * an older run re-run: a YAML rollback, or an approval that came after the newer run deployed).
 * Only "running" proves that: an older run's approval that is rejected or times out, or a run
 * canceled while it waited, completes (failed, canceled, skipped) without the stage ever running,
 * and must not replace the newer run's deployment.
 *
 * Not transitive: an older run's completion beats its own "running", which beats the newer run's
 * state, which beats that completion. Whoever queues keys must compare each one with what is
 * stored, in order, and never skip one for a "newer" key queued behind it.
 */
export function compareStageOrder(a: OrderKey, b: OrderKey): number {
  const runA = runOf(a);
  const runB = runOf(b);
  if (runA === undefined || runB === undefined || runA === runB) {
    if (a.time !== b.time) return Math.sign(a.time - b.time);
    if (a.phase !== b.phase) return Math.sign(a.phase - b.phase);
    return Math.sign((runA ?? 0) - (runB ?? 0));
  }
  const [older, newer] = runA < runB ? [a, b] : [b, a];
  const olderRanAfter = older.phase === RUNNING && older.time > newer.time;
  return (olderRanAfter ? older : newer) === a ? 1 : -1;
}
