import { request } from 'node:http';
import { BusUnavailableError, EventPublisher, overrideBus, type Bus, type EmbeddedBus } from '@switchyard/messaging';
import { readFixtureJson } from '@switchyard/testing';
import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

const valid = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/build.complete.json');
const body = (id: string) => JSON.stringify({ ...valid, id });

/** The embedded bus, but with a publisher that behaves as told. */
function withPublisher(publish: EventPublisher['publish']): (bus: EmbeddedBus) => Bus {
  return (bus) => overrideBus(bus, { publisher: { publish } satisfies EventPublisher });
}

describe('ingress availability answers', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('503 + Retry-After (never 500) when the bus refuses the event', async () => {
    h = await startHarness({}, withPublisher(() => Promise.reject(new BusUnavailableError('Service Bus unreachable'))));
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('bus-down'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ status: 503, code: 'BUS_UNAVAILABLE' });
    // The publish latency of a refused event is observed under its own outcome.
    const metrics = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_ingress_publish_seconds_count\{service="ingress",outcome="unavailable"\} 1$/m);
    expect(metrics).not.toContain('outcome="accepted"');
  });

  it('503 when the bus does not answer within HOOK_PUBLISH_TIMEOUT_MS', async () => {
    h = await startHarness({ HOOK_PUBLISH_TIMEOUT_MS: '100' }, withPublisher(() => new Promise(() => undefined)));
    const started = Date.now();
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('bus-hangs'));
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
    // A bus that does not answer is the bus's failure, which Azure DevOps retries.
    expect(response.headers.get('retry-after')).toBe('10');
    expect(await response.json()).toMatchObject({ status: 503, code: 'BUS_UNAVAILABLE' });
  });

  it('a hook whose sender closes the connection while it waits for the bus: published, counted once as 499 CONNECTION_CLOSED and logged', async () => {
    let entered!: () => void;
    const publishing = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    h = await startHarness({}, (bus) =>
      overrideBus(bus, {
        publisher: {
          publish: async (event, options) => {
            entered();
            await released;
            return bus.publisher.publish(event, options);
          },
        },
      }),
    );
    const hook = body('sender-gone');
    const sent = request(h.hookUrl(`?code=${KEYS.prod}`), { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(hook) } });
    sent.on('error', () => undefined);
    sent.end(hook);
    await publishing;
    sent.destroy();
    const lines = () => h!.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (let i = 0; i < 300 && !lines().some((line) => line['status'] === 499); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    for (let i = 0; i < 300 && h.accepted.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(h.accepted.map((event) => event.id)).toEqual(['sender-gone']);
    const metrics = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(metrics.split('\n').filter((line) => line.startsWith('switchyard_ingress_hooks_total{'))).toEqual([
      'switchyard_ingress_hooks_total{event_type="build.complete",status="499",code="CONNECTION_CLOSED",service="ingress"} 1',
    ]);
    expect(lines().filter((line) => line['status'] === 499).map(({ level, msg, code, keyName }) => ({ level, msg, code, keyName }))).toEqual([
      { level: 'warn', msg: 'service hook not answered: the sender closed the connection first', code: 'CONNECTION_CLOSED', keyName: 'ado-prod' },
    ]);
    expect(lines().some((line) => line['msg'] === 'service hook refused')).toBe(false);
  });

  it('503 + Retry-After when the publisher throws something unexpected', async () => {
    h = await startHarness({}, withPublisher(() => Promise.reject(new TypeError('bug'))));
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}&ref=query-marker-51c2`), body('bus-bug'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    // Not blamed on the bus: answered and logged as the bug it is, naming the path but not the query.
    expect(await response.json()).toMatchObject({ status: 503, code: 'TEMPORARILY_UNAVAILABLE' });
    const errors = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['level'] === 'error');
    expect(errors.map(({ msg, method, path }) => ({ msg, method, path }))).toEqual([{ msg: 'unexpected error; answered 503', method: 'POST', path: '/hooks/azure-devops' }]);
    expect(h.logLines.join('\n')).not.toContain('query-marker-51c2');
  });

  it('400 EVENT_INVALID (not a 503 that Azure DevOps would retry in vain) when the publisher finds the event does not fit its contract', async () => {
    // The real publisher's validation, given a copy (so it checks it in full) whose time does not fit.
    h = await startHarness({}, (bus) =>
      overrideBus(bus, { publisher: { publish: (event, options) => bus.publisher.publish({ ...event, time: '+010000-01-01T00:00:00.000Z' }, options) } }),
    );
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('does-not-fit'));
    expect(response.status).toBe(400);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; detail: string; issues: string[] };
    expect(problem).toMatchObject({ status: 400, code: 'EVENT_INVALID', issues: [expect.stringMatching(/^time: /)] });
    expect(problem.detail).toContain('build.complete');
    expect(JSON.stringify(problem)).not.toContain(KEYS.prod);
    expect(h.accepted).toHaveLength(0);
    expect(h.logLines.join('\n')).toContain('answered 400');
  });

  it('rate-limits per key with 503 + Retry-After, not 429, leaving other keys alone', async () => {
    h = await startHarness({ HOOK_RATE_PER_MINUTE: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postHook(h.hookUrl(`?code=${KEYS.prod}`), body(`rate-${i}`))).status);
    expect(statuses).toEqual([202, 202, 503]);
    const limited = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('rate-3'));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await postHook(h.hookUrl(`?code=${KEYS.tfs}`), body('rate-other-key'))).status).toBe(202);
    expect(h.accepted.map((event) => event.id)).toEqual(['rate-0', 'rate-1', 'rate-other-key']);
  });

  it('REQUIRE_HTTPS refuses plain HTTP unless a trusted proxy says https', async () => {
    h = await startHarness({ REQUIRE_HTTPS: 'true', TRUSTED_PROXIES: '127.0.0.1' });
    const plain = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('https-1'));
    expect(plain.status).toBe(403);
    expect(await plain.json()).toMatchObject({ code: 'HTTPS_REQUIRED' });
    const proxied = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('https-2'), { 'x-forwarded-proto': 'https' });
    expect(proxied.status).toBe(202);
  });

  it('REQUIRE_HTTPS ignores X-Forwarded-Proto from an untrusted address', async () => {
    h = await startHarness({ REQUIRE_HTTPS: 'true', TRUSTED_PROXIES: '10.0.0.0/8' });
    const spoofed = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body('https-3'), { 'x-forwarded-proto': 'https' });
    expect(spoofed.status).toBe(403);
    expect(h.accepted).toHaveLength(0);
  });
});
