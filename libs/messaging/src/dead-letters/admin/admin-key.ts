import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Header the dead-letter CLI sends its key in (the ingress accepts hook keys there too). */
export const ADMIN_KEY_HEADER = 'x-hook-key';

/**
 * An `authenticate` for the admin routes that accepts any of `keys` in an `X-Hook-Key` header or
 * as `Authorization: Bearer <key>`, compared in constant time. No keys → nothing is accepted.
 */
export function adminKeyAuthenticator(keys: readonly string[]): (request: FastifyRequest) => boolean {
  const accepted = keys.filter(Boolean).map(digest);
  return (request) => {
    const sent = presentedKey(request);
    if (sent === undefined) return false;
    // Fixed-length digests, every key visited: timing tells neither a key's length nor which matched.
    const candidate = digest(sent);
    let matched = false;
    for (const key of accepted) matched = timingSafeEqual(key, candidate) || matched;
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
