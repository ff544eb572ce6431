import type { FastifyInstance } from 'fastify';

/**
 * Replaces Fastify's body parsers with one that accepts JSON only and keeps the raw bytes (so a BOM,
 * invalid JSON or nesting limits get our own problem answers after authentication). Other media
 * types get Fastify's 415, bodies over `maxBytes` its 413.
 */
export function acceptRawJsonBodies(fastify: FastifyInstance, maxBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => {
    done(null, body);
  });
}
