import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Header the dead-letter CLI sends its key in (the ingress accepts hook keys there too). */
export const ADMIN_KEY_HEADER = 'x-hook-key';

/**
 * An `authenticate` for the admin routes that accepts any of `keys` in an `X-Hook-Key` header or
 * as `Authorization: Bearer <key>`, compared in constant time. No keys → nothing is accepted.
 */
export function adminKeyAuthenticator(keys: readonly string[]): (request: FastifyRequest) => boolean {
  const accepted = keys.filter(Boolean).map((key) => Buffer.from(key));
  return (request) => {
    const sent = presentedKey(request);
    if (sent === undefined) return false;
    const candidate = Buffer.from(sent);
    return accepted.some((key) => key.length === candidate.length && timingSafeEqual(key, candidate));
  };
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers[ADMIN_KEY_HEADER];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization);
  return bearer ? bearer[1].trim() : undefined;
}
