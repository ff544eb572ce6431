import { ReleaseDeploymentCompleted } from '@switchyard/contracts';
import { consumeEvents, on, overrideBus, PermanentError, type Receiver } from '@switchyard/messaging';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { readFixtureBytes } from '@switchyard/testing';
import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

const FIXTURE = 'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json';

describe('dead-letter admin routes on the ingress (GET /admin/dead-letters)', () => {
  let h: Harness;
  let receiver: Receiver;
  let eventId: string;

  beforeAll(async () => {
    h = await startHarness();
    // A consumer that refuses every deployment event, so the hook below ends up dead-lettered.
    receiver = await consumeEvents(h.bus, { topic: 'releases', subscription: 'badge-renderer' }, [
      on(ReleaseDeploymentCompleted, async () => {
        throw new PermanentError('TEST.REFUSED', 'refused by the test consumer');
      }),
    ]);
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes(FIXTURE));
    expect(response.status).toBe(202);
    eventId = ((await response.json()) as { id: string }).id;
    await waitForDeadLetter(h.bus, 'releases', 'badge-renderer', { messageId: eventId });
  });

  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  const list = (headers: Record<string, string>) => fetch(`${h.ingress.url}/admin/dead-letters?subscription=releases/badge-renderer`, { headers });

  it('is not served on Service Bus, where the ingress identity may only send (the CLI reads the namespace itself)', async () => {
    const onServiceBus = await startHarness({}, (bus) => overrideBus(bus, { backend: 'servicebus' }));
    try {
      const response = await fetch(`${onServiceBus.ingress.url}/admin/dead-letters`, { headers: { 'x-hook-key': KEYS.prod } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await onServiceBus.close();
    }
  });

  it('answers 401 without a key, with a wrong key, and with the key in ?code= (admin keys go in a header)', async () => {
    for (const response of [
      await list({}),
      await list({ 'x-hook-key': 'not-a-configured-key-0000' }),
      await fetch(`${h.ingress.url}/admin/dead-letters?code=${KEYS.prod}`),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'MESSAGING.ADMIN_UNAUTHORIZED' });
    }
  });

  it('refuses plain HTTP under REQUIRE_HTTPS=true with the same 403 problem as the hook endpoint, even with a valid key', async () => {
    // A trusted proxy elsewhere: requests from loopback are plain HTTP whatever they claim.
    const strict = await startHarness({ REQUIRE_HTTPS: 'true', TRUSTED_PROXIES: '10.0.0.0/8' });
    try {
      const hook = await postHook(strict.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes(FIXTURE));
      expect(hook.status).toBe(403);
      const { instance: _hookPath, ...hookProblem } = (await hook.json()) as Record<string, unknown>;
      expect(hookProblem).toMatchObject({ status: 403, code: 'HTTPS_REQUIRED' });

      const admin = [
        await fetch(`${strict.ingress.url}/admin/dead-letters`, { headers: { 'x-hook-key': KEYS.prod } }),
        await fetch(`${strict.ingress.url}/admin/dead-letters/resubmit`, {
          method: 'POST',
          headers: { 'x-hook-key': KEYS.prod, 'content-type': 'application/json' },
          body: JSON.stringify({ subscription: 'releases/badge-renderer', all: true }),
        }),
      ];
      for (const response of admin) {
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const { instance, ...problem } = (await response.json()) as Record<string, unknown>;
        expect(problem).toEqual(hookProblem);
        expect(instance).toMatch(/^\/admin\/dead-letters/);
      }
    } finally {
      await strict.close();
    }
  });

  it('serves the admin routes under REQUIRE_HTTPS=true when a trusted TLS proxy forwards the request', async () => {
    const proxied = await startHarness({ REQUIRE_HTTPS: 'true', TRUSTED_PROXIES: 'loopback' });
    try {
      const response = await fetch(`${proxied.ingress.url}/admin/dead-letters`, { headers: { 'x-hook-key': KEYS.prod, 'x-forwarded-proto': 'https' } });
      expect(response.status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('lists the dead letters with any hook key, with reason and without the body', async () => {
    for (const key of [KEYS.prod, KEYS.tfs]) {
      const response = await list({ 'x-hook-key': key });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { subscriptions: Array<{ subscription: string; deadLetters: unknown[] }> };
      expect(body.subscriptions).toEqual([
        {
          subscription: 'releases/badge-renderer',
          deadLetters: [
            expect.objectContaining({ messageId: eventId, type: ReleaseDeploymentCompleted.type, reason: 'TEST.REFUSED', description: 'refused by the test consumer' }),
          ],
        },
      ]);
      expect(body.subscriptions[0].deadLetters[0]).not.toHaveProperty('body');
    }
  });

  it('never writes the admin key to the logs', () => {
    expect(h.logLines.join('\n')).not.toContain(KEYS.prod);
    expect(h.logLines.join('\n')).not.toContain(KEYS.tfs);
  });
});

describe('dead-letter admin routes with keys bound to organizations (HOOK_KEY_ORGANIZATIONS)', () => {
  let h: Harness;
  let receiver: Receiver;
  let eventId: string;
  const subscription = 'releases/badge-renderer';

  beforeAll(async () => {
    // tfs-onprem may post for its collection only; ado-prod stays unbound.
    h = await startHarness({ HOOK_KEY_ORGANIZATIONS: 'tfs-onprem=https://tfs.corp/tfs/DefaultCollection' });
    receiver = await consumeEvents(h.bus, { topic: 'releases', subscription: 'badge-renderer' }, [
      on(ReleaseDeploymentCompleted, async () => {
        throw new PermanentError('TEST.REFUSED', 'refused by the test consumer');
      }),
    ]);
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes(FIXTURE));
    eventId = ((await response.json()) as { id: string }).id;
    await waitForDeadLetter(h.bus, 'releases', 'badge-renderer', { messageId: eventId });
  });

  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  const admin = (path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${h.ingress.url}/admin/dead-letters${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("answers 403 HOOK_KEY_NOT_FOR_ADMIN to a bound key on every admin route, in either header, and leaves other organizations' dead letters alone", async () => {
    for (const headers of [{ 'x-hook-key': KEYS.tfs }, { authorization: `Bearer ${KEYS.tfs}` }] as Array<Record<string, string>>) {
      for (const response of [
        await admin(`?subscription=${subscription}&showBody=true`, headers),
        await admin('/resubmit', headers, { subscription, all: true }),
        await admin('/purge', headers, { subscription, all: true }),
      ]) {
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const text = await response.text();
        expect(JSON.parse(text)).toMatchObject({
          status: 403,
          code: 'HOOK_KEY_NOT_FOR_ADMIN',
          detail: expect.stringContaining('Hook key "tfs-onprem" is bound by HOOK_KEY_ORGANIZATIONS to its organizations'),
        });
        expect(text).not.toContain(eventId);
        expect(text).not.toContain(KEYS.tfs);
      }
    }
    const listed = await admin(`?subscription=${subscription}`, { 'x-hook-key': KEYS.prod });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ subscriptions: [{ subscription, deadLetters: [expect.objectContaining({ messageId: eventId })] }] });
  });

  it('still answers 401 to a wrong key', async () => {
    expect((await admin('/purge', { 'x-hook-key': 'not-a-configured-key-0000' }, { subscription, all: true })).status).toBe(401);
  });

  it('logs each resubmit and purge with the key name, route, subscription and how many were selected, never the key or a body', async () => {
    expect((await admin('/resubmit', { 'x-hook-key': KEYS.prod }, { subscription, ids: ['not-there', 'nor-this'] })).status).toBe(200);
    const purge = await admin('/purge', { authorization: `Bearer ${KEYS.prod}` }, { subscription, all: true });
    expect(purge.status).toBe(200);
    expect(await purge.json()).toMatchObject({ purged: [{ messageId: eventId, reason: 'TEST.REFUSED' }] });
    expect((await admin('/purge', { 'x-hook-key': KEYS.prod }, { subscription })).status).toBe(400);
    const malformed = await fetch(`${h.ingress.url}/admin/dead-letters/purge`, {
      method: 'POST',
      headers: { 'x-hook-key': KEYS.prod, 'content-type': 'application/json' },
      body: `{"subscription":"${subscription}",`,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MESSAGING.INVALID_PURGE', message: expect.stringMatching(/^The body must be JSON/) });

    const lines = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'dead-letter admin request');
    expect(lines.map(({ level, keyName, route, subscription, selected, status }) => ({ level, keyName, route, subscription, selected, status }))).toEqual([
      { level: 'info', keyName: 'ado-prod', route: '/admin/dead-letters/resubmit', subscription, selected: 2, status: 200 },
      { level: 'info', keyName: 'ado-prod', route: '/admin/dead-letters/purge', subscription, selected: 'all', status: 200 },
      { level: 'info', keyName: 'ado-prod', route: '/admin/dead-letters/purge', subscription, selected: undefined, status: 400 },
      { level: 'info', keyName: 'ado-prod', route: '/admin/dead-letters/purge', subscription: undefined, selected: undefined, status: 400 },
    ]);
    const all = h.logLines.join('\n');
    for (const secret of [KEYS.prod, KEYS.tfs]) expect(all).not.toContain(secret);
    expect(all).not.toContain('Deployment of release Release-1');
  });
});
