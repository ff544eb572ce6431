import type { BadgeDrawing, BadgeLook } from '../badge-render/badge-drawing';
import { shieldsEndpointJson } from '../badge-render/badge-drawing';
import type { BadgePresentation } from '../badge-style/badge-style';
import { compareOrder, parseOrder, serializeOrder, type OrderKey } from '../ordering/order-key';
import type { BadgeStore } from './badge-store.port';
import { writeConditionally, type WriteDecision, type WriteOutcome } from './conditional-write';
import { VersionCache } from './version-cache';

export interface DrawableBadge {
  path: string;
  label: string;
  message: string;
  color: string;
  order: OrderKey;
}

/** Key in blob metadata holding the ordering facts of the stored badge (Blob storage lower-cases keys). */
export const ORDER_METADATA_KEY = 'order';

interface Lane {
  tail: Promise<unknown>;
  newest: OrderKey;
  /** The state this lane last stored, or found stored, in Blob storage. */
  stored?: OrderKey;
}

/**
 * Writes a badge's SVG and Shields JSON, each only over an older state. Both blobs carry the same
 * ordering key and are decided independently, so a crash between the two heals on redelivery.
 *
 * Within this process, writes to one badge run one after another, and a write that a newer queued
 * state of the same badge will overwrite is skipped (reported stale): concurrent handlers would
 * otherwise only fight over the badge's ETag (the summary badge changes with every deployment).
 * A state equal to one the lane has just stored is reported unchanged without asking storage again:
 * every event of an index batch writes the same summary. Across replicas the ETag conditions keep
 * it correct.
 */
export class BadgeBlobWriter {
  private readonly lanes = new Map<string, Lane>();
  private readonly versions = new VersionCache();

  constructor(
    private readonly store: BadgeStore,
    private readonly drawing: BadgeDrawing,
  ) {}

  /** The container was re-created: remembered versions are of blobs that no longer exist. */
  forgetVersions(): void {
    this.versions.clear();
  }

  write(badge: DrawableBadge, presentation: BadgePresentation): Promise<WriteOutcome> {
    const lane = this.lanes.get(badge.path);
    if (lane && compareOrder(badge.order, lane.newest) > 0) lane.newest = badge.order;
    const current: Lane = lane ?? { tail: Promise.resolve(), newest: badge.order };
    const run = current.tail.then(async (): Promise<WriteOutcome> => {
      if (compareOrder(badge.order, current.newest) < 0) return 'stale';
      if (current.stored && compareOrder(badge.order, current.stored) === 0) return 'unchanged';
      const outcome = await this.writeNow(badge, presentation);
      if (outcome !== 'stale') current.stored = badge.order;
      return outcome;
    });
    current.tail = run.catch(() => undefined);
    this.lanes.set(badge.path, current);
    const tail = current.tail;
    void tail.then(() => {
      if (current.tail === tail) this.lanes.delete(badge.path);
    });
    return run;
  }

  private async writeNow(badge: DrawableBadge, presentation: BadgePresentation): Promise<WriteOutcome> {
    const look: BadgeLook = { label: badge.label, message: badge.message, color: badge.color, style: presentation.style };
    const decide: WriteDecision = (current) => {
      const stored = parseOrder(current?.metadata[ORDER_METADATA_KEY]);
      if (!stored) return 'write';
      const comparison = compareOrder(badge.order, stored);
      return comparison > 0 ? 'write' : comparison === 0 ? 'unchanged' : 'stale';
    };
    const metadata = { [ORDER_METADATA_KEY]: serializeOrder(badge.order) };
    const common = { maxAgeSeconds: presentation.maxAgeSeconds, metadata };
    const [svg, json] = await Promise.all([
      writeConditionally(
        this.store,
        `${badge.path}.svg`,
        decide,
        { ...common, body: () => this.drawing.svg(look), contentType: 'image/svg+xml' },
        this.versions,
      ),
      writeConditionally(
        this.store,
        `${badge.path}.json`,
        decide,
        { ...common, body: () => shieldsEndpointJson(look, presentation.maxAgeSeconds), contentType: 'application/json; charset=utf-8' },
        this.versions,
      ),
    ]);
    return svg === 'written' || json === 'written' ? 'written' : svg;
  }
}
