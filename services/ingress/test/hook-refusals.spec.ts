import { BusUnavailableError, overrideBus } from '@switchyard/messaging';
import { readFixtureJson } from '@switchyard/testing';
import { PROBLEM_CODES } from '../src/problem/problem-codes';
import { basic, KEYS, postHook, startHarness, type Harness } from './ingress-harness';

const valid = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/build.complete.json');
const body = (id: string) => JSON.stringify({ ...valid, id });
// Sent in refused bodies: no log line may quote a body.
const BODY_MARKER = 'body-marker-7f3a';

describe('refusals of POST /hooks/azure-devops', () => {
  let h: Harness;
  const answers: Array<[number, string | undefined]> = [];

  beforeAll(async () => {
    // The bus refuses one event id, so that BUS_UNAVAILABLE and RATE_LIMITED (both 503) both occur.
    h = await startHarness({ HOOK_RATE_PER_MINUTE: '5', HOOK_MAX_BYTES: '16384' }, (bus) =>
      overrideBus(bus, {
        publisher: {
          publish: (event, options) => (event.id === 'bus-down' ? Promise.reject(new BusUnavailableError('Service Bus unreachable')) : bus.publisher.publish(event, options)),
        },
      }),
    );
    const prod = h.hookUrl(`?code=${KEYS.prod}`);
    const requests: Array<() => Promise<Response>> = [
      () => postHook(prod, body('accepted-1')),
      () => postHook(prod, body('bus-down')),
      () => postHook(prod, `{"id": "${BODY_MARKER}", `),
      () => postHook(prod, `${BODY_MARKER}=1`, { 'content-type': 'application/x-www-form-urlencoded' }),
      () => postHook(prod, JSON.stringify({ id: BODY_MARKER, padding: 'x'.repeat(20_000) })),
      () => postHook(prod, body('over-the-rate')), // the sixth of this key within the minute
      () => postHook(h.hookUrl(), body('no-key'), { authorization: basic('someone', 'not-a-hook-key-at-all') }),
      () => postHook(h.hookUrl(`?code=${KEYS.tfs}`), JSON.stringify({ id: BODY_MARKER, eventType: 'build.complete' })),
    ];
    for (const request of requests) {
      const response = await request();
      answers.push([response.status, ((await response.json()) as { code?: string }).code]);
    }
  });
  afterAll(() => h.close());

  it('answers each refusal with its problem code', () => {
    expect(answers).toEqual([
      [202, undefined],
      [503, 'BUS_UNAVAILABLE'],
      [400, 'INVALID_JSON'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [413, 'BODY_TOO_LARGE'],
      [503, 'RATE_LIMITED'],
      [401, 'HOOK_KEY_REJECTED'],
      [400, 'NOT_A_SERVICE_HOOK'],
    ]);
  });

  it('counts every answer by its problem code, telling a rate limit from a bus outage', async () => {
    const metrics = await (await fetch(`${h.ingress.url}/metrics`)).text();
    const series = (labels: string) => new RegExp(`^switchyard_ingress_hooks_total\\{${labels},service="ingress"\\} 1$`, 'm');
    expect(metrics).toMatch(series('event_type="build.complete",status="202",code="none"'));
    expect(metrics).toMatch(series('event_type="build.complete",status="503",code="BUS_UNAVAILABLE"'));
    expect(metrics).toMatch(series('event_type="unknown",status="503",code="RATE_LIMITED"'));
    expect(metrics).toMatch(series('event_type="unknown",status="400",code="INVALID_JSON"'));
    expect(metrics).toMatch(series('event_type="unknown",status="415",code="UNSUPPORTED_MEDIA_TYPE"'));
    expect(metrics).toMatch(series('event_type="unknown",status="413",code="BODY_TOO_LARGE"'));
    expect(metrics).toMatch(series('event_type="unknown",status="401",code="HOOK_KEY_REJECTED"'));
    expect(metrics).toMatch(series('event_type="build.complete",status="400",code="NOT_A_SERVICE_HOOK"'));
    // The label takes only problem codes and "none": its values are bounded.
    const codes = [...metrics.matchAll(/^switchyard_ingress_hooks_total\{[^}]*code="([^"]*)"/gm)].map((match) => match[1]);
    expect(codes).toHaveLength(answers.length);
    for (const code of codes) expect([...PROBLEM_CODES, 'none']).toContain(code);
  });

  it('logs each refusal of a caller with a valid key at warn, one without at debug, never a secret or the body', () => {
    const refusals = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'service hook refused');
    expect(refusals.map((line) => [line['level'], line['status'], line['code'], line['keyName']])).toEqual([
      ['warn', 503, 'BUS_UNAVAILABLE', 'ado-prod'],
      ['warn', 400, 'INVALID_JSON', 'ado-prod'],
      ['warn', 415, 'UNSUPPORTED_MEDIA_TYPE', 'ado-prod'],
      ['warn', 413, 'BODY_TOO_LARGE', 'ado-prod'],
      ['warn', 503, 'RATE_LIMITED', 'ado-prod'],
      ['debug', 401, 'HOOK_KEY_REJECTED', undefined],
      ['warn', 400, 'NOT_A_SERVICE_HOOK', 'tfs-onprem'],
    ]);
    const all = h.logLines.join('\n');
    for (const secret of [KEYS.prod, KEYS.tfs, 'not-a-hook-key-at-all', Buffer.from('someone:not-a-hook-key-at-all').toString('base64'), BODY_MARKER]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('RATE_LIMITED refusals in the log', () => {
  let h: Harness;
  afterAll(() => h.close());

  it('writes one warn line per key and minute, however many requests are over the rate, and the rest at debug', async () => {
    h = await startHarness({ HOOK_RATE_PER_MINUTE: '1' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await postHook(h.hookUrl(`?code=${KEYS.prod}`), body(`flood-${i}`))).status);
    for (let i = 0; i < 3; i++) statuses.push((await postHook(`${h.ingress.url}/checks/any-policy/sync?code=${KEYS.prod}`, '{}')).status);
    statuses.push((await postHook(h.hookUrl(`?code=${KEYS.tfs}`), body('other-key'))).status);
    statuses.push((await postHook(h.hookUrl(`?code=${KEYS.tfs}`), body('other-key-again'))).status);
    expect(statuses).toEqual([202, ...Array<number>(32).fill(503), 202, 503]);

    const limited = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['code'] === 'RATE_LIMITED');
    const warned = limited.filter((line) => line['level'] === 'warn');
    expect(warned.map((line) => [line['msg'], line['keyName'], line['status'], line['refusals']])).toEqual([
      ['service hook refused', 'ado-prod', 503, 1],
      ['check call refused', 'ado-prod', 503, 1],
      ['service hook refused', 'tfs-onprem', 503, 1],
    ]);
    // Nothing is dropped: the others are at debug, and every refusal is counted.
    expect(limited.filter((line) => line['level'] === 'debug')).toHaveLength(28 + 2);
    const metrics = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_ingress_hooks_total\{event_type="unknown",status="503",code="RATE_LIMITED",service="ingress"\} 30$/m);
  });
});
