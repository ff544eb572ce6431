// Baseline for the ack bench: Fastify answering 200 to the same request with no work at all.
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.post('/checks/:policy', async (_request, reply) => reply.code(200).send({ status: 'accepted', id: 'bare' }));
  await app.listen({ port: Number(process.env['PORT']), host: '127.0.0.1' });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
