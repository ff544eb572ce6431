import { createEvent, defineEvent } from '@switchyard/contracts';
import { adminKeyAuthenticator, consumeEvents, EmbeddedBus, on, PermanentError, registerDeadLetterAdminRoutes, type Receiver, type Topology } from '@switchyard/messaging';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';

export const KEY = 'cli-admin-key-0123456789';

export const Ping = defineEvent({
  type: 'cli.ping.v1',
  topic: 'cli',
  description: 'Test event for the dead-letter CLI.',
  data: z.object({ n: z.number(), token: z.string().optional() }),
});

export const cliTopology: Topology = {
  contracts: [Ping],
  subscriptions: [
    { topic: 'cli', name: 'checker', eventTypes: [Ping.type] },
    { topic: 'cli', name: 'auditor', eventTypes: [Ping.type] },
  ],
};

/**
 * An embedded bus whose `cli/checker` consumer refuses every Ping until `accept()` (a negative n
 * fails with a retryable error until its deliveries run out), behind the admin routes on a real
 * loopback Fastify: what `npm start` exposes.
 */
export async function startAdminFixture() {
  const bus = new EmbeddedBus({ topology: cliTopology, lockDurationMs: 1000, maxDeliveryCount: 2, redeliveryDelay: { firstMs: 10, maxMs: 10 } });
  const handled: number[] = [];
  let refusing = true;
  const receiver: Receiver = await consumeEvents(bus, { topic: 'cli', subscription: 'checker' }, [
    on(Ping, (event) => {
      if (refusing && event.data.n < 0) throw Object.assign(new Error('downstream busy'), { code: 'CHECK.DOWNSTREAM_BUSY' });
      if (refusing) throw new PermanentError('CHECK.POLICY_MISSING', `No policy for ping ${event.data.n};\nadd it to GATE_POLICIES`);
      handled.push(event.data.n);
    }),
  ]);
  const fastify: FastifyInstance = Fastify();
  registerDeadLetterAdminRoutes(fastify, bus, { authenticate: adminKeyAuthenticator([KEY]) });
  const url = await fastify.listen({ host: '127.0.0.1', port: 0 });
  return {
    bus,
    url,
    handled,
    accept: () => (refusing = false),
    async deadLetter(n: number, token?: string) {
      const event = createEvent(Ping, { source: 'urn:test', data: { n, ...(token ? { token } : {}) } });
      await bus.publisher.publish(event);
      await waitForDeadLetter(bus, 'cli', 'checker', { messageId: event.id });
      return event;
    },
    async close() {
      await fastify.close();
      await receiver.close();
      await bus.close();
    },
  };
}

export type AdminFixture = Awaited<ReturnType<typeof startAdminFixture>>;

/** Runs the CLI in-process and captures what it prints. */
export async function capture(run: (io: { env: Record<string, string | undefined>; stdout: (t: string) => void; stderr: (t: string) => void }) => Promise<number>, env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run({ env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
