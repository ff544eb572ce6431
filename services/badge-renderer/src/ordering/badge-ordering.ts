import type { BadgeKind } from '../badge-model/badge-state';
import { compareOrder, type OrderKey } from './order-key';
import { compareStageOrder } from './stage-order';

export interface BadgeOrdering {
  /** > 0 when `a` is the state to show rather than `b`, 0 for the same state, < 0 otherwise. */
  compare(a: OrderKey, b: OrderKey): number;
  /**
   * Whether "shows rather than" is transitive, so a queued state can be skipped for a newer one
   * queued behind it: what the newer one beats, the skipped one would not have changed.
   */
  transitive: boolean;
}

const ids: BadgeOrdering = { compare: compareOrder, transitive: true };
const stages: BadgeOrdering = { compare: compareStageOrder, transitive: false };

/** How the ordering keys of one kind of badge compare; keys are only ever compared on one badge path. */
export function orderingOf(kind: BadgeKind): BadgeOrdering {
  return kind === 'stage' ? stages : ids;
}
