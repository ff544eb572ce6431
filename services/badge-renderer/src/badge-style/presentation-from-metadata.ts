import { isBadgeStyle, type BadgePresentation } from './badge-style';

// The ingress copies the subscription's X-Badge-* headers into the event metadata as `badgeStyle`
// and `badgeMaxAge`; other publishers may use the header names, which are accepted too.
const STYLE_KEYS = ['badgeStyle', 'x-badge-style', 'X-Badge-Style'];
const MAX_AGE_KEYS = ['badgeMaxAge', 'x-badge-max-age', 'X-Badge-Max-Age'];

/** Longest cache lifetime accepted (one year, the same bound the ingress checks). */
export const MAX_BADGE_MAX_AGE = 31_536_000;

function firstOf(metadata: Record<string, string> | undefined, keys: string[]): string | undefined {
  if (!metadata) return undefined;
  for (const key of keys) {
    const value = metadata[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * The presentation for one event: per-subscription headers win over the service defaults. A value
 * that is not valid is ignored (the default applies) rather than failing the badge: the header was
 * set once by whoever created the subscription, and a wrong style is no reason to lose a deployment.
 */
export function presentationFor(
  metadata: Record<string, string> | undefined,
  defaults: BadgePresentation,
): BadgePresentation {
  const style = firstOf(metadata, STYLE_KEYS)?.toLowerCase();
  const maxAge = firstOf(metadata, MAX_AGE_KEYS);
  const parsedMaxAge = maxAge !== undefined && /^\d{1,8}$/.test(maxAge) ? Number(maxAge) : undefined;
  return {
    style: style !== undefined && isBadgeStyle(style) ? style : defaults.style,
    maxAgeSeconds:
      parsedMaxAge !== undefined && parsedMaxAge <= MAX_BADGE_MAX_AGE ? parsedMaxAge : defaults.maxAgeSeconds,
  };
}
