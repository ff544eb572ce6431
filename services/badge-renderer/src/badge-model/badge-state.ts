import type { OrderKey } from '../ordering/order-key';

export type BadgeKind = 'release' | 'build' | 'stage' | 'summary';

/** Everything needed to draw one badge, store it without regressing it, and list it in the index. */
export interface BadgeState {
  kind: BadgeKind;
  /** Blob path without extension; `.svg` and `.json` are written beside each other. */
  path: string;
  label: string;
  message: string;
  /** Canonical status (e.g. `succeeded`, `inProgress`) that chose the colour. */
  status: string;
  color: string;
  order: OrderKey;
  /** ISO time of the source fact the badge shows. */
  updated: string;
  sourceEventId: string;
  facts: BadgeFacts;
}

/** Human-readable names the index and gallery show (the path only holds their escaped forms). */
export interface BadgeFacts {
  organizationUrl?: string;
  project: string;
  /** Absent only on a release badge whose deployment named no definition (`~unknown-definition`). */
  definition?: string;
  environment?: string;
  definitionEnvironmentId?: number;
  release?: string;
  stage?: string;
  run?: string;
  branch?: string;
  build?: string;
}
