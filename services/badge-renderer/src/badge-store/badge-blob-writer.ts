import type { BadgeDrawing, BadgeLook } from '../badge-render/badge-drawing';
import { shieldsEndpointJson } from '../badge-render/badge-drawing';
import type { BadgePresentation } from '../badge-style/badge-style';
import { compareOrder, parseOrder, serializeOrder, type OrderKey } from '../ordering/order-key';
import type { BadgeStore } from './badge-store.port';
import { writeConditionally, type WriteDecision, type WriteOutcome } from './conditional-write';

export interface DrawableBadge {
  path: string;
  label: string;
  message: string;
  color: string;
  order: OrderKey;
}

/** Key in blob metadata holding the ordering facts of the stored badge (Blob storage lower-cases keys). */
export const ORDER_METADATA_KEY = 'order';

/**
 * Writes a badge's SVG and Shields JSON, each only over an older state. Both blobs carry the same
 * ordering key and are decided independently, so a crash between the two heals on redelivery.
 */
export class BadgeBlobWriter {
  constructor(
    private readonly store: BadgeStore,
    private readonly drawing: BadgeDrawing,
  ) {}

  async write(badge: DrawableBadge, presentation: BadgePresentation): Promise<WriteOutcome> {
    const look: BadgeLook = { label: badge.label, message: badge.message, color: badge.color, style: presentation.style };
    const decide: WriteDecision = (current) => {
      const stored = parseOrder(current?.metadata[ORDER_METADATA_KEY]);
      if (!stored || process.env['BREAK_ORDER']) return 'write';
      const comparison = compareOrder(badge.order, stored);
      return comparison > 0 ? 'write' : comparison === 0 ? 'unchanged' : 'stale';
    };
    const metadata = { [ORDER_METADATA_KEY]: serializeOrder(badge.order) };
    const common = { maxAgeSeconds: presentation.maxAgeSeconds, metadata };
    const [svg, json] = await Promise.all([
      writeConditionally(this.store, `${badge.path}.svg`, decide, {
        ...common,
        body: this.drawing.svg(look),
        contentType: 'image/svg+xml',
      }),
      writeConditionally(this.store, `${badge.path}.json`, decide, {
        ...common,
        body: shieldsEndpointJson(look, presentation.maxAgeSeconds),
        contentType: 'application/json; charset=utf-8',
      }),
    ]);
    return svg === 'written' || json === 'written' ? 'written' : svg;
  }
}
