import { makeBadge } from 'badge-maker';
import type { BadgeStyle } from '../badge-style/badge-style';
import { printableText } from './printable-text';

export interface BadgeLook {
  label: string;
  message: string;
  color: string;
  style: BadgeStyle;
}

/**
 * badge-maker with an LRU memo: most events redraw a badge that looks exactly like one drawn before
 * (same environment, same status, a release name seen on the previous stage), and measuring text
 * widths is the expensive part of drawing.
 */
export class BadgeDrawing {
  private readonly memo = new Map<string, string>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 2_000) {}

  svg(look: BadgeLook): string {
    const key = `${look.style}\u0000${look.color}\u0000${look.label}\u0000${look.message}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) {
      this.hits++;
      this.memo.delete(key);
      this.memo.set(key, cached);
      return cached;
    }
    this.misses++;
    const svg = makeBadge({ label: printableText(look.label), message: printableText(look.message), color: look.color, style: look.style });
    this.memo.set(key, svg);
    if (this.memo.size > this.capacity) this.memo.delete(this.memo.keys().next().value as string);
    return svg;
  }
}

/** The shields.io endpoint document (schemaVersion 1) beside every SVG, so anyone can restyle it. */
export function shieldsEndpointJson(look: BadgeLook, cacheSeconds: number): string {
  return JSON.stringify({
    schemaVersion: 1,
    label: printableText(look.label),
    message: printableText(look.message),
    color: look.color,
    style: look.style,
    // shields.io applies its own floor (300 s) to smaller values; ours is kept for honesty.
    cacheSeconds,
  });
}
