import { EventPublisher, overrideBus, type Bus, type EmbeddedBus } from '@switchyard/messaging';
import { createTestBus } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { generateTokenKey } from '@switchyard/gates';
import { readFixtureJson } from '@switchyard/testing';
import { startIngress } from '../src/start-ingress';
import { writePoliciesFile } from './check-call';
import { basic, HOOK_KEYS, KEYS, postHook, startHarness, type Harness } from './ingress-harness';
import { exchange, problemOf } from './raw-http';

const gitPush = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/git.push.json');
const buildComplete = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/build.complete.json');

describe('an event over the bus limit is refused 413, never published nor retried', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('measures the event, not the body: publisherId and subscriptionId are copied beside the payload', async () => {
    h = await startHarness({});
    const limit = 256 * 1024 - 4096;
    const doc = { ...gitPush, id: 'copies', publisherId: 'p'.repeat(60_000), subscriptionId: 's'.repeat(60_000), resource: { ...(gitPush['resource'] as object), pad: 'x'.repeat(limit - 16 * 1024 - 3400 - 120_000) } };
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify(doc));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413, code: 'EVENT_TOO_LARGE' });
    expect(h.attempts).toEqual([]);
  });

  it('counts numbers that grow when the event is serialized (1e20 comes back as 21 digits)', async () => {
    h = await startHarness({});
    const doc = { ...gitPush, id: 'numbers', resource: { ...(gitPush['resource'] as object), values: new Array(12_000).fill(1e20) } };
    const body = JSON.stringify(doc).replace(/100000000000000000000/g, '1e20');
    expect(Buffer.byteLength(body)).toBeLessThan(80 * 1024);
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'EVENT_TOO_LARGE' });
    expect(h.attempts).toEqual([]);
  });

  it('still accepts a large event that fits', async () => {
    h = await startHarness({});
    const doc = { ...gitPush, id: 'fits', resource: { ...(gitPush['resource'] as object), pad: 'x'.repeat(200 * 1024) } };
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify(doc));
    expect(response.status).toBe(202);
    expect(h.accepted.map((event) => event.id)).toEqual(['fits']);
  });

  it('413 EVENT_TOO_LARGE (not a retried 503) when the bus itself refuses the message as too large', async () => {
    const tooLarge = Object.assign(new Error('The bus refused the message as too large'), { name: 'MessageTooLargeError', code: 'MESSAGING.MESSAGE_TOO_LARGE' });
    const refusing = (bus: EmbeddedBus): Bus => overrideBus(bus, { publisher: { publish: () => Promise.reject(tooLarge) } satisfies EventPublisher });
    h = await startHarness({}, refusing);
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ ...buildComplete, id: 'refused' }));
    expect(response.status).toBe(413);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toMatchObject({ status: 413, code: 'EVENT_TOO_LARGE', detail: expect.stringContaining('BUS_MAX_MESSAGE_BYTES') });
  });
});

describe('a request that stops arriving is answered 408 REQUEST_TIMEOUT within the timeout', () => {
  const timeoutMs = 1500;
  let ingress: Awaited<ReturnType<typeof startIngress>>;
  let bus: EmbeddedBus;
  beforeAll(async () => {
    bus = createTestBus();
    ingress = await startIngress({
      bus,
      env: { HOOK_KEYS, HOST: '127.0.0.1' },
      port: 0,
      requestTimeoutMs: timeoutMs,
      logger: createLogger({ service: 'ingress', level: 'silent' }),
    });
  });
  afterAll(async () => {
    await ingress.close();
    await bus.close();
  });

  const head = `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`;
  it.each([
    ['a body shorter than its Content-Length', `${head}Content-Length: 50\r\n\r\n{"id":1`],
    ['a chunked body without its last chunk', `${head}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n`],
    ['headers that never end', `${head}X-More: 1\r\n`],
  ])('%s', async (_what, raw) => {
    const { answer, ms } = await exchange(ingress.url, raw, { end: false });
    expect(problemOf(answer)).toMatchObject({
      status: 408,
      contentType: 'application/problem+json',
      body: { code: 'REQUEST_TIMEOUT', detail: 'The request did not arrive whole within 1500 ms; send it again.' },
    });
    expect(ms).toBeGreaterThanOrEqual(timeoutMs - 100);
    expect(ms).toBeLessThan(timeoutMs + 2500);
  });
});

describe('a keyed request whose body Node answers itself (408, 400) is counted and logged as its route answers', () => {
  const timeoutMs = 1000;
  let h: Harness;
  beforeAll(async () => {
    const env = { GATE_POLICIES_FILE: writePoliciesFile(), GATE_TOKEN_KEY: generateTokenKey(), ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/' };
    h = await startHarness(env, undefined, { requestTimeoutMs: timeoutMs });
  });
  afterAll(() => h.close());

  const metrics = async () => (await fetch(`${h.ingress.url}/metrics`)).text();
  const refusals = (msg: string) =>
    h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === msg).map(({ level, status, code, keyName, policy, mode }) => ({ level, status, code, keyName, policy, mode }));
  const hookHead = `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`;

  it('a hook whose body stops short of its Content-Length: 408, counted once and logged with the key name', async () => {
    const { answer } = await exchange(h.ingress.url, `${hookHead}Content-Length: 100\r\n\r\n{"id":`, { end: false });
    expect(problemOf(answer)).toMatchObject({ status: 408, body: { code: 'REQUEST_TIMEOUT' } });
    expect(await metrics()).toMatch(/^switchyard_ingress_hooks_total\{event_type="unknown",status="408",code="REQUEST_TIMEOUT",service="ingress"\} 1$/m);
    expect(refusals('service hook refused')).toEqual([{ level: 'warn', status: 408, code: 'REQUEST_TIMEOUT', keyName: 'ado-prod' }]);
  });

  it('a hook whose chunked body breaks: 400 MALFORMED_HTTP, counted and logged', async () => {
    const { answer } = await exchange(h.ingress.url, `${hookHead}Transfer-Encoding: chunked\r\n\r\n5\r\n{"id"\r\nzz\r\n`, { end: false });
    expect(problemOf(answer)).toMatchObject({ status: 400, body: { code: 'MALFORMED_HTTP' } });
    expect(await metrics()).toMatch(/^switchyard_ingress_hooks_total\{event_type="unknown",status="400",code="MALFORMED_HTTP",service="ingress"\} 1$/m);
    expect(refusals('service hook refused')).toContainEqual({ level: 'warn', status: 400, code: 'MALFORMED_HTTP', keyName: 'ado-prod' });
  });

  it('a check call whose body stops arriving: 408, counted under its policy and mode and logged', async () => {
    const raw = `POST /checks/manual-only/sync HTTP/1.1\r\nHost: x\r\nX-Hook-Key: ${KEYS.prod}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{`;
    expect(problemOf((await exchange(h.ingress.url, raw, { end: false })).answer)).toMatchObject({ status: 408 });
    expect(await metrics()).toMatch(/^switchyard_check_calls_total\{policy="manual-only",mode="sync",status="408",code="REQUEST_TIMEOUT",service="ingress"\} 1$/m);
    expect(refusals('check call refused')).toEqual([{ level: 'warn', status: 408, code: 'REQUEST_TIMEOUT', keyName: 'ado-prod', policy: 'manual-only', mode: 'sync' }]);
  });

  it('not the hook answered before on the same connection when the next request has headers that never end (its route is not known yet)', async () => {
    const before = await metrics();
    const body = JSON.stringify({ ...buildComplete, id: 'keep-alive' });
    const { answer } = await exchange(h.ingress.url, `${hookHead}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}${hookHead}X-More: 1\r\n`, { end: false });
    expect(answer).toMatch(/^HTTP\/1\.1 202 [^]*HTTP\/1\.1 408 /);
    const after = await metrics();
    const timeouts = (text: string) => text.split('\n').filter((line) => line.includes('status="408"'));
    expect(timeouts(after)).toEqual(timeouts(before));
    expect(after).toMatch(/^switchyard_ingress_hooks_total\{event_type="build.complete",status="202",code="none",service="ingress"\} 1$/m);
    expect(h.logLines.join('\n')).not.toContain(KEYS.prod);
  });

  it.each([
    ['a hook', `${hookHead}Content-Length: 100\r\n\r\n{"id":`, /^switchyard_ingress_hooks_total\{event_type="unknown",status="499",code="CONNECTION_CLOSED",service="ingress"\} 1$/m, 'service hook', {}],
    [
      'a check call',
      `POST /checks/manual-only/sync HTTP/1.1\r\nHost: x\r\nX-Hook-Key: ${KEYS.prod}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{`,
      /^switchyard_check_calls_total\{policy="manual-only",mode="sync",status="499",code="CONNECTION_CLOSED",service="ingress"\} 1$/m,
      'check call',
      { policy: 'manual-only', mode: 'sync' },
    ],
  ] as const)('%s whose sender hangs up mid-body: counted as 499 CONNECTION_CLOSED and logged as not answered, not refused', async (_what, raw, counted, subject, route) => {
    await exchange(h.ingress.url, raw, { end: false, giveUpMs: 100 });
    const closed = `${subject} not answered: the sender closed the connection first`;
    for (let i = 0; i < 300 && refusals(closed).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(refusals(closed)).toEqual([{ level: 'warn', status: 499, code: 'CONNECTION_CLOSED', keyName: 'ado-prod', ...route }]);
    expect(await metrics()).toMatch(counted);
  });

  it('not a hook answered 202 on a connection its sender then closes', async () => {
    const closedBefore = (await metrics()).split('\n').filter((line) => line.includes('status="499"'));
    const body = JSON.stringify({ ...buildComplete, id: 'answered-then-closed' });
    const { answer } = await exchange(h.ingress.url, `${hookHead}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(answer).toMatch(/^HTTP\/1\.1 202 /);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await metrics()).split('\n').filter((line) => line.includes('status="499"'))).toEqual(closedBefore);
  });
});

describe('requests Node refuses before Fastify still get a problem body', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(() => h.close());

  it('400 HOST_REQUIRED for an HTTP/1.1 request without Host', async () => {
    const { answer } = await exchange(h.ingress.url, `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(problemOf(answer)).toMatchObject({ status: 400, contentType: 'application/problem+json', body: { status: 400, code: 'HOST_REQUIRED' } });
    expect(h.attempts).toEqual([]);
  });

  it('still accepts HTTP/1.0 without Host', async () => {
    const body = JSON.stringify({ ...buildComplete, id: 'http10' });
    const { answer } = await exchange(
      h.ingress.url,
      `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 202 /);
  });

  it('417 EXPECTATION_FAILED for an Expect other than 100-continue', async () => {
    const { answer } = await exchange(h.ingress.url, `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: x\r\nExpect: weird\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(problemOf(answer)).toMatchObject({ status: 417, contentType: 'application/problem+json', body: { status: 417, code: 'EXPECTATION_FAILED' } });
  });
});

describe('Expect: 100-continue still works', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(() => h.close());

  it('gets 100 Continue, then 202', async () => {
    const body = JSON.stringify({ ...buildComplete, id: 'continue' });
    const { answer } = await exchange(
      h.ingress.url,
      `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 202 /);
    expect(h.accepted.map((event) => event.id)).toEqual(['continue']);
  });
});

describe('every copy of a credential header must be the same valid key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(() => h.close());

  const body = (id: string) => JSON.stringify({ ...buildComplete, id });
  const send = (id: string, headerLines: string) =>
    exchange(
      h.ingress.url,
      `POST /hooks/azure-devops HTTP/1.1\r\nHost: x\r\n${headerLines}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body(id))}\r\nConnection: close\r\n\r\n${body(id)}`,
    );

  it.each([
    ['a valid then a wrong Authorization', `Authorization: ${basic('u', KEYS.prod)}\r\nAuthorization: ${basic('u', 'wrong')}\r\n`],
    ['a valid then another key in Authorization', `Authorization: ${basic('u', KEYS.prod)}\r\nAuthorization: ${basic('u', KEYS.tfs)}\r\n`],
    ['a valid then a wrong X-Hook-Key', `X-Hook-Key: ${KEYS.prod}\r\nX-Hook-Key: wrong\r\n`],
  ])('401 for %s', async (what, lines) => {
    const { answer } = await send(what.replace(/\W/g, '-'), lines);
    expect(problemOf(answer)).toMatchObject({ status: 401, contentType: 'application/problem+json', body: { code: 'HOOK_KEY_REJECTED' } });
  });

  it('202 for the same valid key twice', async () => {
    const { answer } = await send('same-twice', `Authorization: ${basic('u', KEYS.prod)}\r\nAuthorization: ${basic('v', KEYS.prod)}\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 202 /);
    expect(h.accepted.map((event) => event.id)).toContain('same-twice');
  });
});

describe('ids and event types with lone surrogates are refused', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(() => h.close());

  it.each([
    ['id', '{"id":"\\ud800","eventType":"x.y","resource":{}}'],
    ['id', '{"id":"a\\udc00b","eventType":"x.y","resource":{}}'],
    ['eventType', '{"id":"ok-id","eventType":"x.\\ud83d","resource":{}}'],
  ])('400 naming %s', async (field, body) => {
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; issues: string[] };
    expect(problem.code).toBe('NOT_A_SERVICE_HOOK');
    expect(problem.issues).toEqual([expect.stringMatching(new RegExp(`^${field}: .*surrogate`))]);
    expect(h.attempts).toEqual([]);
  });

  it('accepts a well-formed surrogate pair', async () => {
    const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), '{"id":"pair-\\ud83d\\ude00","eventType":"x.y","resource":{}}');
    expect(response.status).toBe(202);
  });
});
