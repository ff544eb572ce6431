import { topicForType } from '@switchyard/contracts';
import { readFixtureBytes, listFixtures, readFixtureJson } from '@switchyard/testing';
import { INGRESS_TOPICS } from '../src/start-ingress';
import { basic, KEYS, postHook, startHarness, type Harness } from './ingress-harness';
import { exchange, problemOf } from './raw-http';

// What each Azure DevOps eventType in the fixtures must be published as.
const expectedType: Record<string, string> = {
  'build.complete': 'azure-devops.build.completed.v1',
  'git.pullrequest.created': 'azure-devops.git.pull-request-created.v1',
  'git.pullrequest.updated': 'azure-devops.git.pull-request-updated.v1',
  'git.pullrequest.merged': 'azure-devops.git.pull-request-merged.v1',
  'ms.vss-release.deployment-completed-event': 'azure-devops.release.deployment-completed.v1',
  'ms.vss-release.deployment-started-event': 'azure-devops.release.deployment-started.v1',
};
const hookFixtures = listFixtures('hooks').filter((file) => file.endsWith('.json'));

describe('POST /hooks/azure-devops', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ HOOK_MAX_BYTES: '65536' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('has fixtures to test', () => {
    expect(hookFixtures.length).toBeGreaterThanOrEqual(18);
  });

  it.each(hookFixtures)('accepts %s as sent (BOM, CRLF) and publishes it as its contract', async (fixture) => {
    const notification = readFixtureJson<{ id: string; eventType: string }>(fixture);
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes(fixture));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: notification.id });
    // Several fixtures are copies sharing an id (and eventType): those are published once overall.
    const events = h.accepted.filter((candidate) => candidate.id === notification.id);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe(expectedType[notification.eventType] ?? 'azure-devops.service-hook.v1');
    // On Service Bus, /readyz waits for the links to these topics: a topic left out would make its first hook wait.
    expect(INGRESS_TOPICS).toContain(topicForType(events[0].type));
    expect(events[0].metadata).toEqual({ hookKeyName: 'ado-prod' });
    expect(JSON.stringify(events[0])).not.toContain(KEYS.prod);
  });

  it('accepts the key as ?code=, HTTP Basic password or X-Hook-Key, and records the key name', async () => {
    const body = readFixtureBytes('hooks/go-playground-webhooks/git.push.json');
    const payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const send = (id: string, url: string, headers: Record<string, string> = {}) =>
      postHook(url, JSON.stringify({ ...payload, id }), headers);

    expect((await send('auth-code', h.hookUrl(`?code=${KEYS.tfs}`))).status).toBe(202);
    expect((await send('auth-basic', h.hookUrl(), { authorization: basic('anything', KEYS.tfs) })).status).toBe(202);
    expect((await send('auth-header', h.hookUrl(), { 'x-hook-key': KEYS.prod })).status).toBe(202);
    const byId = (id: string) => h.accepted.find((event) => event.id === id)?.metadata?.['hookKeyName'];
    expect([byId('auth-code'), byId('auth-basic'), byId('auth-header')]).toEqual(['tfs-onprem', 'tfs-onprem', 'ado-prod']);
  });

  it('answers 401 with the same problem for a missing and a wrong key, and publishes nothing', async () => {
    const body = readFixtureBytes('hooks/go-playground-webhooks/build.complete.json');
    const before = h.attempts.length;
    const answers = await Promise.all([
      postHook(h.hookUrl(), body),
      postHook(h.hookUrl('?code=wrong-key-0123456789'), body),
      postHook(h.hookUrl(), body, { authorization: basic('u', 'nope') }),
      postHook(h.hookUrl(), body, { 'x-hook-key': KEYS.prod.slice(0, -1) }),
      postHook(h.hookUrl(), body, { authorization: `Bearer ${KEYS.prod}` }),
      // a valid key with a wrong one beside it is refused too
      postHook(h.hookUrl(`?code=${KEYS.prod}`), body, { 'x-hook-key': 'wrong-key-0123456789' }),
    ]);
    const bodies = await Promise.all(answers.map((response) => response.text()));
    for (const response of answers) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0])).toMatchObject({ status: 401, code: 'HOOK_KEY_REJECTED', instance: '/hooks/azure-devops' });
    expect(h.attempts.length).toBe(before);
  });

  it('publishes a redelivered notification (same id) once and answers 202 both times', async () => {
    const body = readFixtureBytes('hooks/aspnet-webhooks-vsts/build.complete.json');
    const id = readFixtureJson<{ id: string }>('hooks/aspnet-webhooks-vsts/build.complete.json').id;
    const first = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body);
    const second = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(h.accepted.filter((event) => event.id === id)).toHaveLength(1);
  });

  it('carries valid X-Badge-Style / X-Badge-Max-Age as metadata and refuses invalid ones', async () => {
    const payload = readFixtureJson<Record<string, unknown>>('hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json');
    const ok = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ ...payload, id: 'badge-headers-1' }), {
      'x-badge-style': 'For-The-Badge',
      'x-badge-max-age': '120',
      'x-badge-evil': 'ignored',
    });
    expect(ok.status).toBe(202);
    expect(h.accepted.find((event) => event.id === 'badge-headers-1')?.metadata).toEqual({
      hookKeyName: 'ado-prod',
      badgeStyle: 'for-the-badge',
      badgeMaxAge: '120',
    });
    const bad = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ ...payload, id: 'badge-headers-2' }), {
      'x-badge-style': 'neon',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_BADGE_HEADER', detail: expect.stringContaining('X-Badge-Style') });
  });

  describe('names what is wrong with each X-Badge-* header, and publishes nothing', () => {
    const payload = readFixtureJson<Record<string, unknown>>('hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json');
    const refused = async (id: string, answer: Promise<{ status: number; body: Record<string, unknown> }>) => {
      const { status, body } = await answer;
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'INVALID_BADGE_HEADER' });
      expect(h.accepted.some((event) => event.id === id)).toBe(false);
      return body as { detail: string; issues: string[] };
    };
    const viaFetch = async (id: string, headers: Record<string, string>) => {
      const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ ...payload, id }), headers);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('a header sent on two lines, with a valid value on each', async () => {
      const id = 'badge-twice-lines';
      const json = JSON.stringify({ ...payload, id });
      const request =
        `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nX-Badge-Style: plastic\r\nX-Badge-Style: plastic\r\nConnection: close\r\n\r\n${json}`;
      const problem = await refused(id, exchange(h.ingress.url, request).then(({ answer }) => problemOf(answer)));
      expect(problem.detail).toBe(
        'X-Badge-Style has 2 values: it was sent more than once (or as a list); send it once, with one value; fix the header in the service-hook subscription.',
      );
    });

    it('a header sent twice as one comma-joined line', async () => {
      const problem = await refused('badge-twice-joined', viaFetch('badge-twice-joined', { 'x-badge-max-age': '60, 60' }));
      expect(problem.issues).toEqual(['X-Badge-Max-Age has 2 values: it was sent more than once (or as a list); send it once, with one value']);
    });

    it('an empty header, instead of taking the default in silence', async () => {
      const problem = await refused('badge-empty', viaFetch('badge-empty', { 'x-badge-style': '' }));
      expect(problem.issues).toEqual(['X-Badge-Style is empty; set it to one of flat, flat-square, plastic, for-the-badge, social, or remove the header']);
    });

    it('a max age over a year, while a year is taken', async () => {
      const problem = await refused('badge-max-age-over', viaFetch('badge-max-age-over', { 'x-badge-max-age': '31536001' }));
      expect(problem.issues).toEqual(['X-Badge-Max-Age must be a whole number of seconds from 0 to 31536000']);
      expect((await viaFetch('badge-max-age-year', { 'x-badge-max-age': '31536000' })).status).toBe(202);
      expect(h.accepted.find((event) => event.id === 'badge-max-age-year')?.metadata).toMatchObject({ badgeMaxAge: '31536000' });
    });

    it('every bad header at once', async () => {
      const problem = await refused('badge-both-bad', viaFetch('badge-both-bad', { 'x-badge-style': 'neon', 'x-badge-max-age': '-5' }));
      expect(problem.issues).toEqual([
        'X-Badge-Style must be one of flat, flat-square, plastic, for-the-badge, social',
        'X-Badge-Max-Age must be a whole number of seconds from 0 to 31536000',
      ]);
      expect(problem.detail).toBe(`${problem.issues.join('; ')}; fix these headers in the service-hook subscription.`);
    });
  });

  it('never writes a hook key to the logs, and logs accepted events with their id', () => {
    const all = h.logLines.join('\n');
    expect(all).not.toContain(KEYS.prod);
    expect(all).not.toContain(KEYS.tfs);
    expect(all).not.toContain(Buffer.from(`anything:${KEYS.tfs}`).toString('base64'));
    const accepted = h.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'service hook accepted');
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted[0]).toMatchObject({ service: 'ingress', eventId: expect.any(String), keyName: expect.any(String) });
  });
});
