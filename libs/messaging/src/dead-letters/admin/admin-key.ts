import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Header the dead-letter CLI sends its key in (the ingress accepts hook keys there too). */
export const ADMIN_KEY_HEADER = 'x-hook-key';

/**
 * An `authenticate` for the admin routes that accepts any of `keys` in an `X-Hook-Key` header or
 * as `Authorization: Bearer <key>`, compared in constant time. No keys → nothing is accepted.
 */
export function adminKeyAuthenticator(keys: readonly string[]): (request: FastifyRequest) => boolean {
  const match = adminKeyMatcher(keys.map((secret, index) => ({ name: String(index), secret })));
  return (request) => match(request) !== undefined;
}

/**
 * Which of `keys` a request presents, read as the admin routes read it (adminKeyAuthenticator): the
 * name of the first key whose secret it sends, undefined for none or a wrong one. One read of the
 * headers and one hash per request, whatever the number of keys. An empty secret matches nothing.
 */
export function adminKeyMatcher(keys: ReadonlyArray<{ readonly name: string; readonly secret: string }>): (request: FastifyRequest) => string | undefined {
  const accepted = keys.filter((key) => key.secret).map((key) => ({ name: key.name, digest: digest(key.secret) }));
  return (request) => {
    const sent = presentedKey(request);
    if (sent === undefined) return undefined;
    // Fixed-length digests, every key visited: timing tells neither a key's length nor which matched.
    const candidate = digest(sent);
    let matched: string | undefined;
    for (const key of accepted) {
      if (timingSafeEqual(key.digest, candidate) && matched === undefined) matched = key.name;
    }
    return matched;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers[ADMIN_KEY_HEADER];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization);
  return bearer ? bearer[1].trim() : undefined;
}
