import * as crypto from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { HookKey } from '../config/hook-keys';

export interface HookCredentials {
  headers: IncomingHttpHeaders;
  /**
   * Every copy of each header (`request.raw.headersDistinct`): Node keeps only the first Authorization
   * in `headers`, so a second, different one would go unchecked without it.
   */
  headersDistinct?: NodeJS.Dict<string[]>;
  /** The parsed query string (`code` is the ASP.NET WebHooks convention). */
  query: unknown;
}

// crypto.hash (Node 20.12+) hashes in one call, a third of createHash().update().digest()'s cost.
const digest: (value: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (value) => crypto.hash('sha256', value, 'buffer')
    : (value) => crypto.createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks the hook key a sender presents as `?code=`, as the HTTP Basic password, or as `X-Hook-Key`.
 * Comparison is constant-time over fixed-length digests and always visits every key, so timing
 * reveals neither which key nor how much of it matched.
 */
export class HookKeyService {
  private readonly keys: ReadonlyArray<{ name: string; digest: Buffer }>;

  constructor(keys: readonly HookKey[]) {
    this.keys = keys.map((key) => ({ name: key.name, digest: digest(key.secret) }));
  }

  /** The name of the key presented, or undefined when none or a wrong one was presented. */
  authenticate(request: HookCredentials): string | undefined {
    const presented = presentedSecrets(request);
    if (presented === undefined || presented.length === 0) return undefined;
    // Every secret presented must be the same valid key (e.g. ?code= and Basic together).
    let name: string | undefined;
    for (const secret of presented) {
      const match = this.match(secret);
      if (match === undefined || (name !== undefined && name !== match)) return undefined;
      name = match;
    }
    return name;
  }

  private match(secret: string): string | undefined {
    const candidate = digest(secret);
    let found: string | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(candidate, key.digest) && found === undefined) found = key.name;
    }
    return found;
  }
}

/** The secrets a request carries; undefined when a credential is malformed (repeated, not a string). */
function presentedSecrets({ headers, headersDistinct, query }: HookCredentials): string[] | undefined {
  const secrets: string[] = [];
  // `?code=` given twice parses as an array: each copy counts, as a repeated header's does.
  for (const code of copiesOfQuery((query as Record<string, unknown> | undefined)?.['code'])) {
    if (typeof code !== 'string') return undefined;
    secrets.push(code);
  }
  // Every copy of a header counts: each must carry the same valid key.
  for (const header of copiesOf(headers, headersDistinct, 'x-hook-key')) {
    if (typeof header !== 'string') return undefined;
    secrets.push(header);
  }
  for (const authorization of copiesOf(headers, headersDistinct, 'authorization')) {
    if (typeof authorization !== 'string') return undefined;
    const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
    if (!match) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    secrets.push(decoded.slice(colon + 1));
  }
  return secrets;
}

function copiesOfQuery(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function copiesOf(headers: IncomingHttpHeaders, distinct: NodeJS.Dict<string[]> | undefined, name: 'x-hook-key' | 'authorization'): readonly unknown[] {
  const copies = distinct?.[name];
  if (copies !== undefined) return copies;
  const value = headers[name];
  return value === undefined ? [] : [value];
}
