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
const STYLES: ReadonlySet<string> = new Set(BADGE_STYLES);
const MAX_BADGE_MAX_AGE = 31_536_000;

interface BadgeHeader {
  /** As the subscription writes it, and the problem names it. */
  name: string;
  /** As Node's `headers` holds it. */
  key: 'x-badge-style' | 'x-badge-max-age';
  metadataKey: string;
  expected: string;
  /** The metadata value of a valid (trimmed) header value; undefined when it is not valid. */
  parse(value: string): string | undefined;
}

const BADGE_HEADERS: readonly BadgeHeader[] = [
  {
    name: 'X-Badge-Style',
    key: 'x-badge-style',
    metadataKey: HookMetadata.badgeStyle,
    expected: `one of ${BADGE_STYLES.join(', ')}`,
    parse: (value) => (STYLES.has(value.toLowerCase()) ? value.toLowerCase() : undefined),
  },
  {
    name: 'X-Badge-Max-Age',
    key: 'x-badge-max-age',
    metadataKey: HookMetadata.badgeMaxAge,
    expected: `a whole number of seconds from 0 to ${MAX_BADGE_MAX_AGE}`,
    parse: (value) => (/^\d{1,8}$/.test(value) && Number(value) <= MAX_BADGE_MAX_AGE ? String(Number(value)) : undefined),
  },
];

/** Why a header's value (as Node gives it) cannot be one value at all, or undefined when it can. */
function notOneValue(header: BadgeHeader, value: string): string | undefined {
  // Node joins the lines of a header sent more than once with ", ", and an HTTP client may send a
  // header given twice as one such line itself: no valid value has a comma.
  if (value.includes(',')) {
    return `${header.name} has ${value.split(',').length} values: it was sent more than once (or as a list); send it once, with one value`;
  }
  if (value.trim() === '') return `${header.name} is empty; set it to ${header.expected}, or remove the header`;
  return undefined;
}

/**
 * The X-Badge-* headers a subscription sets, validated, as event metadata. Only the known headers
 * travel: anything else a sender adds stays out of the event. Every bad one is named at once, so that
 * the subscription is fixed in one go.
 */
export function badgeMetadataFrom(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  let issues: string[] | undefined;
  for (const header of BADGE_HEADERS) {
    const sent = headers[header.key];
    if (sent === undefined) continue;
    const value = Array.isArray(sent) ? sent.join(', ') : sent;
    const issue = notOneValue(header, value);
    const parsed = issue === undefined ? header.parse(value.trim()) : undefined;
    if (parsed !== undefined) metadata[header.metadataKey] = parsed;
    else (issues ??= []).push(issue ?? `${header.name} must be ${header.expected}`);
  }
  if (issues !== undefined) {
    const fix = issues.length === 1 ? 'fix the header' : 'fix these headers';
    throw new ProblemError(400, 'INVALID_BADGE_HEADER', 'Bad Request', `${issues.join('; ')}; ${fix} in the service-hook subscription.`, { issues });
  }
  return metadata;
}
