// One server under load, in its own process so its CPU time can be measured alone.
// argv[2]: "ingress" (the real ingress on an embedded bus), "bare" (Fastify answering 202), "floor"
// (bare Fastify doing the least the issue names, floor-server.ts), or "bare-spin:<µs>" (the bare app
// spending that much CPU per request in a busy loop: a control for how the CPU per request of a slower
// server grows by more than its own work, see docs/ingress.md).
import Fastify from 'fastify';
import { defaultTopology, EmbeddedBus } from '@switchyard/messaging';
import { startIngress } from '../src/start-ingress';
import { startFloorServer } from './floor-server';

export const BENCH_HOOK_KEY = 'bench:bench-secret-0123456789abcdef';

async function startServer(mode: string): Promise<{ url: string; close(): Promise<void> }> {
  if (mode === 'floor') return startFloorServer(BENCH_HOOK_KEY.slice(BENCH_HOOK_KEY.indexOf(':') + 1));
  if (mode === 'bare' || mode.startsWith('bare-spin:')) {
    const spinMs = mode === 'bare' ? 0 : Number(mode.slice('bare-spin:'.length)) / 1000;
    const app = Fastify();
    app.post('/hooks/azure-devops', async (request, reply) => {
      for (const started = performance.now(); performance.now() - started < spinMs; );
      return reply.code(202).send({ id: (request.body as { id: string }).id });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
  }
  // Topics without subscriptions: the bus accepts (serialises, dedupes) and keeps nothing, like a
  // Service Bus topic nobody subscribed to, so memory stays flat over the run.
  const bus = new EmbeddedBus({ topology: { contracts: defaultTopology().contracts, subscriptions: [] } });
  const ingress = await startIngress({
    bus,
    port: 0,
    env: { HOOK_KEYS: BENCH_HOOK_KEY, HOST: '127.0.0.1', HOOK_RATE_PER_MINUTE: '10000000', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info' },
  });
  return {
    url: ingress.url,
    close: async () => {
      await ingress.close();
      await bus.close();
    },
  };
}

function reply(message: Record<string, unknown>): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const server = await startServer(process.argv[2] ?? 'bare');
  let cpuAtStart = process.cpuUsage();
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'measure') {
      cpuAtStart = process.cpuUsage();
      reply({ cmd: 'measuring' });
    } else if (message.cmd === 'report') {
      const used = process.cpuUsage(cpuAtStart);
      reply({ cmd: 'report', cpuSeconds: (used.user + used.system) / 1e6, systemSeconds: used.system / 1e6, rssBytes: process.memoryUsage().rss });
    } else if (message.cmd === 'stop') {
      void server.close().then(() => process.exit(0));
    }
  });
  reply({ cmd: 'ready', url: server.url });
}

void main();
