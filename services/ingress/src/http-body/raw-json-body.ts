import type { FastifyInstance } from 'fastify';
import { refuseContentEncoding } from './refuse-content-encoding';

/**
 * Replaces Fastify's body parsers with one that accepts JSON only and keeps the raw bytes (so a BOM,
 * invalid JSON or nesting limits get our own problem answers after authentication). Other media
 * types get Fastify's 415, bodies over `maxBytes` its 413, and a compressed body our 415 (the bytes
 * are never decoded, so they must not reach the JSON checks as if they were the document).
 */
export function acceptRawJsonBodies(fastify: FastifyInstance, maxBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: maxBytes }, (request, body, done) => {
    done(refuseContentEncoding(request.headers['content-encoding']) ?? null, body);
  });
}
