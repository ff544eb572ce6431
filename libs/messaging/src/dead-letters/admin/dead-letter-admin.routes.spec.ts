import { createEvent } from '@switchyard/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { ConformanceAlpha, conformanceTopology } from '../../conformance/conformance-topology';
import { consumeEvents, on } from '../../consumer/consume-events';
import { EmbeddedBus } from '../../embedded/embedded-bus';
import { PermanentError } from '../../errors/permanent.error';
import { waitForDeadLetter } from '../../testing/wait-for-dead-letter';
import { waitFor } from '../../testing/wait-for';
import type { Receiver } from '../../bus/bus.port';
import { adminKeyAuthenticator } from './admin-key';
import { registerDeadLetterAdminRoutes } from './dead-letter-admin.routes';

const KEY = 'admin-key-0123456789';
const alpha = (n: number, token?: string) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'admin', n, ...(token ? { token } : {}) } });

describe('dead-letter admin routes (real Fastify on loopback, embedded bus)', () => {
  let bus: EmbeddedBus;
  let fastify: FastifyInstance;
  let url: string;
  let receiver: Receiver;
  let failing = true;
  const handled: number[] = [];

  beforeEach(async () => {
    failing = true;
    handled.length = 0;
    bus = new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 1000 });
    receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [
      on(ConformanceAlpha, async (event) => {
        if (failing) throw new PermanentError('TEST.NOT_YET', `cannot handle run ${event.data.run} yet`);
        handled.push(event.data.n);
      }),
    ]);
    fastify = Fastify();
    registerDeadLetterAdminRoutes(fastify, bus, { authenticate: adminKeyAuthenticator([KEY]) });
    url = await fastify.listen({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await fastify.close();
    await receiver.close();
    await bus.close();
  });

  const get = (path: string, key: string | undefined = KEY) => fetch(`${url}${path}`, { headers: key ? { 'x-hook-key': key } : {} });
  const post = (body: unknown, key = KEY, action: 'resubmit' | 'purge' = 'resubmit') =>
    fetch(`${url}/admin/dead-letters/${action}`, { method: 'POST', headers: { 'x-hook-key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const purge = (body: unknown, key = KEY) => post(body, key, 'purge');

  async function deadLetter(...events: ReturnType<typeof alpha>[]) {
    for (const event of events) {
      await bus.publisher.publish(event);
      await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: event.id });
    }
  }

  it('refuses requests without the key, or with a wrong one, saying how to authenticate', async () => {
    const missing = await get('/admin/dead-letters', '');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ code: 'MESSAGING.ADMIN_UNAUTHORIZED', message: expect.stringContaining('Send a hook key in an X-Hook-Key header') });
    for (const response of [
      await get('/admin/dead-letters', 'wrong'),
      await post({ subscription: 'conformance/narrow', all: true }, 'wrong'),
      await purge({ subscription: 'conformance/narrow', all: true }, 'wrong'),
    ]) {
      expect(response.status).toBe(401);
      const body = (await response.json()) as { code: string; message: string };
      expect(body).toEqual({ code: 'MESSAGING.ADMIN_UNAUTHORIZED', message: expect.stringContaining("is not one of this process's hook keys") });
      expect(body.message).not.toContain('wrong');
    }
  });

  it('refuses, and acts on nothing, when authenticating throws or rejects', async () => {
    await deadLetter(alpha(1));
    for (const authenticate of [
      () => {
        throw new Error('key store unreachable');
      },
      () => Promise.reject(new Error('key store unreachable')),
    ]) {
      const guarded = Fastify();
      registerDeadLetterAdminRoutes(guarded, bus, { authenticate });
      const guardedUrl = await guarded.listen({ host: '127.0.0.1', port: 0 });
      try {
        const headers = { 'x-hook-key': KEY, 'content-type': 'application/json' };
        const listed = await fetch(`${guardedUrl}/admin/dead-letters`, { headers });
        expect(listed.status).toBe(401);
        for (const action of ['resubmit', 'purge']) {
          const body = JSON.stringify({ subscription: 'conformance/narrow', all: true });
          const response = await fetch(`${guardedUrl}/admin/dead-letters/${action}`, { method: 'POST', headers, body });
          expect(response.status).toBe(401);
          expect(await response.json()).toMatchObject({ code: 'MESSAGING.ADMIN_UNAUTHORIZED' });
        }
      } finally {
        await guarded.close();
      }
    }
    expect(await bus.deadLetters('conformance', 'narrow').list()).toHaveLength(1);
  });

  it('lists dead letters per subscription with reason and description, without the body unless asked', async () => {
    const event = alpha(1, 'secret-in-body');
    await deadLetter(event);

    const all = await (await get('/admin/dead-letters')).json();
    expect(all.subscriptions.map((s: { subscription: string }) => s.subscription)).toEqual(['conformance/wide', 'conformance/narrow']);
    const narrow = all.subscriptions[1].deadLetters;
    expect(narrow).toEqual([
      {
        messageId: event.id,
        type: ConformanceAlpha.type,
        reason: 'TEST.NOT_YET',
        description: 'cannot handle run admin yet',
        enqueuedTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        deliveryCount: 1,
      },
    ]);
    expect(JSON.stringify(all)).not.toContain('secret-in-body');

    const withBody = await (await get('/admin/dead-letters?subscription=conformance/narrow&showBody=true')).json();
    expect(withBody.subscriptions).toHaveLength(1);
    expect(withBody.subscriptions[0].deadLetters[0].body).toMatchObject({ id: event.id, data: { token: 'secret-in-body' } });
  });

  it('answers 400 naming the declared subscriptions when the subscription is unknown', async () => {
    const response = await get('/admin/dead-letters?subscription=conformance/nobody');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'MESSAGING.UNKNOWN_SUBSCRIPTION',
      message: expect.stringContaining('one of: conformance/wide, conformance/narrow'),
    });
  });

  it('lists one page at a time with ?limit= and ?after=, giving "next" until the last page', async () => {
    const events = [alpha(1), alpha(2), alpha(3), alpha(4), alpha(5)];
    await deadLetter(...events);
    const pages: { deadLetters: { messageId: string }[]; next?: string }[] = [];
    let after = '';
    do {
      const answer = await (await get(`/admin/dead-letters?subscription=conformance/narrow&limit=2${after ? `&after=${after}` : ''}`)).json();
      pages.push(answer.subscriptions[0]);
      after = answer.subscriptions[0].next ?? '';
    } while (after && pages.length < 10);
    expect(pages.map((page) => page.deadLetters.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.deadLetters.map((d) => d.messageId))).toEqual(events.map((e) => e.id));
    expect('next' in pages[2]).toBe(false);
  });

  it.each([
    ['?limit=1001', 'limit', '"limit" must be a whole number from 1 to 1000 (got 1001)'],
    ['?limit=ten', 'limit', 'from 1 to 1000 (got "ten")'],
    ['?limit=0', 'limit', 'from 1 to 1000'],
    ['?subscription=conformance/narrow&after=zzz', 'after', '"after" must be the "next" cursor of a previous page'],
    ['?after=3', 'after', '"after" needs "subscription"'],
  ])('answers 400 naming the parameter for %s', async (query, parameter, message) => {
    const response = await get(`/admin/dead-letters${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'MESSAGING.INVALID_PAGE', parameter, message: expect.stringContaining(message) });
  });

  it.each([
    ['?showBody=1', 'showBody', '"showBody" must be true or false (got "1")'],
    ['?showBody=yes', 'showBody', '"showBody" must be true or false (got "yes")'],
    ['?showBody=', 'showBody', '"showBody" must be true or false'],
    ['?showBody=true&showBody=false', 'showBody', '"showBody" must be given once'],
    ['?subscription=conformance/narrow&subscription=conformance/wide', 'subscription', '"subscription" must be given once'],
    ['?subscripton=conformance/narrow', 'subscripton', 'Unknown query parameter "subscripton"; use subscription, showBody, limit, after'],
    ['?showbody=true', 'showbody', 'Unknown query parameter "showbody"'],
  ])('answers 400 naming the parameter and what it accepts for %s, instead of ignoring it', async (query, parameter, message) => {
    const response = await get(`/admin/dead-letters${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'MESSAGING.INVALID_QUERY', parameter, message: expect.stringContaining(message) });
  });

  it('takes showBody=false as no body', async () => {
    await deadLetter(alpha(1, 'secret-in-body'));
    const response = await get('/admin/dead-letters?subscription=conformance/narrow&showBody=false');
    expect(response.status).toBe(200);
    expect((await response.json()).subscriptions[0].deadLetters[0]).not.toHaveProperty('body');
  });

  it('runs the onRequest hooks it is given before authenticating, so a transport rule answers with its own status and body', async () => {
    await fastify.close();
    fastify = Fastify();
    registerDeadLetterAdminRoutes(fastify, bus, {
      authenticate: adminKeyAuthenticator([KEY]),
      onRequest: (request, reply, done) => {
        if (request.headers['x-forwarded-proto'] === 'https') return done();
        void reply.code(403).send({ code: 'TEST.HTTPS_REQUIRED' });
      },
    });
    url = await fastify.listen({ host: '127.0.0.1', port: 0 });
    for (const response of [
      await get('/admin/dead-letters'),
      await get('/admin/dead-letters', 'wrong'),
      await post({ subscription: 'conformance/narrow', all: true }),
      await purge({ subscription: 'conformance/narrow', all: true }),
    ]) {
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ code: 'TEST.HTTPS_REQUIRED' });
    }
    const https = await fetch(`${url}/admin/dead-letters`, { headers: { 'x-hook-key': KEY, 'x-forwarded-proto': 'https' } });
    expect(https.status).toBe(200);
  });

  it('resubmits chosen dead letters by id to their subscription, reporting ids it did not find', async () => {
    const [first, second] = [alpha(1), alpha(2)];
    await deadLetter(first, second);
    failing = false;

    const response = await post({ subscription: 'conformance/narrow', ids: [second.id, 'no-such-id'] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subscription: 'conformance/narrow', resubmitted: 1, notFound: ['no-such-id'] });
    await waitFor(() => (handled.length === 1 ? handled : undefined), 'the resubmitted message to be handled');
    expect(handled).toEqual([2]);
    const left = (await bus.deadLetters('conformance', 'narrow').list()).map((d) => d.messageId);
    expect(left).toEqual([first.id]);
    expect(await (await post({ subscription: 'conformance/narrow', ids: [second.id] })).json()).toEqual({ subscription: 'conformance/narrow', resubmitted: 0, notFound: [second.id] });
  });

  it('resubmits all dead letters of a subscription with "all": true', async () => {
    await deadLetter(alpha(1), alpha(2));
    failing = false;
    const response = await post({ subscription: 'conformance/narrow', all: true });
    expect(await response.json()).toMatchObject({ resubmitted: 2 });
    await waitFor(() => (handled.length === 2 ? handled : undefined), 'both resubmitted messages to be handled');
    expect(await bus.deadLetters('conformance', 'narrow').list()).toEqual([]);
  });

  it.each([
    [{ subscription: 'conformance/narrow' }, 'Say which dead letters'],
    [{ subscription: 'conformance/narrow', ids: ['a'], all: true }, 'not both'],
    [{ ids: ['a'] }, '"subscription" (topic/name) is required'],
    [{ subscription: 'conformance/narrow', ids: [3] }, '"ids" must be a list'],
  ])('answers 400 for the resubmit body %j', async (body, hint) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'MESSAGING.INVALID_RESUBMIT', message: expect.stringContaining(hint) });
  });

  it('purges chosen dead letters by id for good, answering the id and reason of each and the ids it did not find', async () => {
    const [first, second] = [alpha(1), alpha(2)];
    await deadLetter(first, second);
    const response = await purge({ subscription: 'conformance/narrow', ids: [second.id, 'no-such-id'] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subscription: 'conformance/narrow', purged: [{ messageId: second.id, reason: 'TEST.NOT_YET' }], notFound: ['no-such-id'] });
    expect((await bus.deadLetters('conformance', 'narrow').list()).map((d) => d.messageId)).toEqual([first.id]);
    // Gone for good: a resubmit no longer finds it, and it was never handled.
    failing = false;
    expect(await (await post({ subscription: 'conformance/narrow', ids: [second.id] })).json()).toMatchObject({ resubmitted: 0, notFound: [second.id] });
    expect(handled).toEqual([]);
  });

  it('purges all dead letters of a subscription only with "all": true', async () => {
    await deadLetter(alpha(1), alpha(2));
    expect(await (await purge({ subscription: 'conformance/narrow', all: true })).json()).toMatchObject({ purged: [expect.anything(), expect.anything()], notFound: [] });
    expect(await bus.deadLetters('conformance', 'narrow').list()).toEqual([]);
  });

  it.each([
    [{ subscription: 'conformance/narrow' }, 'Say which dead letters to purge: "ids": [...] or "all": true'],
    [{ subscription: 'conformance/narrow', ids: [] }, 'Say which dead letters to purge'],
    [{ subscription: 'conformance/narrow', all: 'true' }, 'Say which dead letters to purge'],
    [{ subscription: 'conformance/narrow', ids: ['a'], all: true }, 'not both'],
    [{ all: true }, '"subscription" (topic/name) is required'],
  ])('answers 400 for the purge body %j and purges nothing', async (body, hint) => {
    await deadLetter(alpha(1));
    const response = await purge(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'MESSAGING.INVALID_PURGE', message: expect.stringContaining(hint) });
    expect(await bus.deadLetters('conformance', 'narrow').list()).toHaveLength(1);
  });

  it('lists a resubmitted copy that failed again under its own id, with the dead letter it was made from', async () => {
    const event = alpha(1);
    await deadLetter(event);
    await post({ subscription: 'conformance/narrow', ids: [event.id] });
    const copy = await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: `${event.id}#resubmit-1` });
    const listed = await (await get('/admin/dead-letters?subscription=conformance/narrow')).json();
    expect(listed.subscriptions[0].deadLetters).toEqual([
      expect.objectContaining({ messageId: copy.messageId, resubmittedFrom: event.id, enqueuedTime: copy.enqueuedTime.toISOString(), deliveryCount: 1 }),
    ]);
  });

  it('reads a body handed over as raw bytes (the ingress keeps JSON bodies raw)', async () => {
    await fastify.close();
    fastify = Fastify();
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    registerDeadLetterAdminRoutes(fastify, bus, { authenticate: adminKeyAuthenticator([KEY]) });
    url = await fastify.listen({ host: '127.0.0.1', port: 0 });
    await deadLetter(alpha(1));
    expect(await (await post({ subscription: 'conformance/narrow', all: true })).json()).toMatchObject({ resubmitted: 1 });
  });
});
