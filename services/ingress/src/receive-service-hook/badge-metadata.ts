import type { IncomingHttpHeaders } from 'node:http';
import { ProblemError } from '../problem/problem.error';

/** Event metadata keys set by the ingress (read by consumers such as the badge renderer). */
export const HookMetadata = {
  /** Name (never the secret) of the hook key that authenticated the hook. */
  hookKeyName: 'hookKeyName',
  /** From `X-Badge-Style`: flat, flat-square, plastic, for-the-badge or social. */
  badgeStyle: 'badgeStyle',
  /** From `X-Badge-Max-Age`: Cache-Control max-age of the badge, in seconds. */
  badgeMaxAge: 'badgeMaxAge',
} as const;

export const BADGE_STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
const MAX_BADGE_MAX_AGE = 31_536_000;

function badHeader(header: string, expected: string): ProblemError {
  return new ProblemError(400, 'INVALID_BADGE_HEADER', 'Bad Request', `${header} must be ${expected}; fix the header in the service-hook subscription.`);
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The X-Badge-* headers a subscription sets, validated, as event metadata. Only the known headers
 * travel: anything else a sender adds stays out of the event.
 */
export function badgeMetadataFrom(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  const style = single(headers, 'x-badge-style')?.trim().toLowerCase();
  if (style !== undefined && style !== '') {
    if (!(BADGE_STYLES as readonly string[]).includes(style)) throw badHeader('X-Badge-Style', `one of ${BADGE_STYLES.join(', ')}`);
    metadata[HookMetadata.badgeStyle] = style;
  }
  const maxAge = single(headers, 'x-badge-max-age')?.trim();
  if (maxAge !== undefined && maxAge !== '') {
    if (!/^\d{1,8}$/.test(maxAge) || Number(maxAge) > MAX_BADGE_MAX_AGE) {
      throw badHeader('X-Badge-Max-Age', `a whole number of seconds from 0 to ${MAX_BADGE_MAX_AGE}`);
    }
    metadata[HookMetadata.badgeMaxAge] = String(Number(maxAge));
  }
  return metadata;
}
