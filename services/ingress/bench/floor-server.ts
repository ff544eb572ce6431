// A control for the bench: a bare Fastify app doing no more than the least the issue names for a hook,
// written as plainly as possible: the key compared in constant time, the notification's shape checked,
// the event serialised, its id remembered for duplicates, one log line. No Nest, no normalization to a
// contract, no bus, no metrics, no tracing. Its ratio to bare Fastify shows about the best an ingress
// doing that work can reach on the machine the bench runs on.
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pino from 'pino';

const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const digest = (text: string) => createHash('sha256').update(text).digest();

export async function startFloorServer(secret: string): Promise<{ url: string; close(): Promise<void> }> {
  const secretDigest = digest(secret);
  const log = pino(pino.destination({ sync: false }));
  // Insertion order is expiry order: expired ids are at the front.
  const seen = new Map<string, number>();
  const app = Fastify();
  app.post('/hooks/azure-devops', async (request, reply) => {
    const code = (request.query as { code?: unknown }).code;
    if (typeof code !== 'string' || !timingSafeEqual(digest(code), secretDigest)) return reply.code(401).send({ code: 'HOOK_KEY_REJECTED' });
    const { id, eventType, resource, createdDate } = request.body as Record<string, unknown>;
    if (typeof id !== 'string' || typeof eventType !== 'string' || typeof resource !== 'object' || resource === null) {
      return reply.code(400).send({ code: 'NOT_A_SERVICE_HOOK' });
    }
    const now = Date.now();
    for (const [seenId, expiresAt] of seen) {
      if (expiresAt > now) break;
      seen.delete(seenId);
    }
    const duplicate = seen.has(id);
    if (!duplicate) seen.set(id, now + DUPLICATE_WINDOW_MS);
    // What a bus would be handed: the serialised event.
    const event = duplicate ? '' : JSON.stringify({ id, type: eventType, time: createdDate, data: resource });
    log.info({ eventId: id, eventType, duplicate, bytes: event.length }, 'service hook accepted');
    return reply.code(202).send({ id });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
