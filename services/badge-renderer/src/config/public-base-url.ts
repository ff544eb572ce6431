import { BadgeRendererConfigError } from './config.error';

const USE = 'use an absolute http(s) URL such as https://badges.example.com or https://cdn.example.com/badges';

/**
 * Checks BADGE_PUBLIC_BASE_URL as what it becomes: the start of every badge URL in index.json, the
 * gallery and the Markdown snippets, with the badge path appended. A prefix check let
 * "https://cdn example" through, and every URL built on it was broken. Returns it as the URL parser
 * spells it, without a trailing slash.
 */
export function publicBaseUrlFrom(raw: string): string {
  const invalid = (problem: string) => new BadgeRendererConfigError('BADGE_PUBLIC_BASE_URL', `${problem}; ${USE}`);
  if (/\s/.test(raw)) throw invalid('contains a space (write one in a path as %20)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`"${raw}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`the scheme must be http or https, not ${url.protocol.slice(0, -1)}`);
  // Not echoed: the value carries a password. Badge URLs are public.
  if (url.username || url.password) throw invalid('must not carry credentials (user:password@)');
  if (raw.includes('?') || raw.includes('#')) throw invalid('must not have a query (?…) or a fragment (#…): badge paths are appended to it');
  return url.href.replace(/\/+$/, '');
}
