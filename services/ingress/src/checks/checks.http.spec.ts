import type { EventOf } from '@switchyard/contracts';
import { CheckRequested, topicForType } from '@switchyard/contracts';
import type { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { generateTokenKey, tokenContextOf, tokenKeyRingFromEnv, unsealToken } from '@switchyard/gates';
import { BusUnavailableError, overrideBus, type Bus } from '@switchyard/messaging';
import { INGRESS_TOPICS } from '../start-ingress';
import { loadChecksConfig } from './config/checks-config';
import { AUTH_TOKEN, checkCallHeaders, startCheckHarness, writePoliciesFile, type CheckHarness } from '../../test/check-call';
import { KEYS, startHarness, type Harness } from '../../test/ingress-harness';

const policiesFile = writePoliciesFile(
  '  always-open:     { type: time-window, timezone: UTC, hours: "00:00-24:00" }\n' +
    // Always in a freeze, so it always says "not yet" (wait).
    '  frozen:          { type: time-window, timezone: UTC, freeze: ["2000-01-01/2999-12-31"] }\n',
);
const tokenKey = generateTokenKey();

const callHeaders = (orgUrl: string, overrides: Record<string, string | undefined> = {}): Record<string, string> =>
  checkCallHeaders<string>(orgUrl, { 'content-type': 'application/json', ...overrides });

describe('POST /checks/{policy} and /checks/{policy}/sync', () => {
  let checks: CheckHarness;
  let h: Harness;
  let ado: AzureDevOpsTestServer;
  let orgUrl: string;
  // Azure Pipelines sends the check's body (ignored here) as JSON, per the Content-Type in its Headers box.
  const post = (path: string, headers: Record<string, string>, body = '{}') =>
    fetch(`${h.ingress.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const checkEvents = () => h.accepted.filter((event) => event.type === CheckRequested.type) as EventOf<typeof CheckRequested>[];

  beforeAll(async () => {
    checks = await startCheckHarness(policiesFile, tokenKey);
    ({ h, ado, orgUrl } = checks);
  });
  afterAll(() => checks.close());

  it('acknowledges a callback check with 200 only after publishing CheckRequested, with the AuthToken sealed', async () => {
    const response = await post('/checks/require-cmdline', callHeaders(orgUrl, { TaskInstanceName: 'switchyard gate' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; id: string };
    const [event] = checkEvents();
    expect(body).toEqual({ status: 'accepted', id: event.id });
    // On Service Bus, /readyz waits for the links to these topics.
    expect(INGRESS_TOPICS).toContain(topicForType(event.type));
    expect(event.data).toMatchObject({
      policy: 'require-cmdline',
      planUrl: orgUrl,
      hubName: 'checks',
      planId: '5f6ef0f1-0d18-4a5e-9a41-2fd18e4d41a5',
      jobId: '2c6a53f1-5e1a-4a8f-a3ce-6b2a0d3a6d10',
      taskInstanceId: '8bd1a5b4-8c19-4e53-a3a6-8f5d5b7e0a33',
      buildId: '42',
      evaluation: 1,
      headers: { buildid: '42', taskinstancename: 'switchyard gate' },
    });
    // The key's name travels as on service-hook events (metadata.hookKeyName), never the key.
    expect(event.metadata).toEqual({ hookKeyName: 'ado-prod' });
    expect(JSON.stringify(event)).not.toContain(AUTH_TOKEN);
    expect(JSON.stringify(event)).not.toContain(KEYS.prod);
    expect(unsealToken(event.data.sealedAuthToken, tokenKeyRingFromEnv({ GATE_TOKEN_KEY: tokenKey }), tokenContextOf(event.data))).toBe(AUTH_TOKEN);
  });

  it('seals the token alone when the check writes AuthToken as "Bearer <token>" (the evaluator adds Bearer itself)', async () => {
    const ids = { TaskInstanceId: '0b0b0b0b-1111-4222-8333-444444444444' };
    expect((await post('/checks/require-cmdline', callHeaders(orgUrl, { ...ids, AuthToken: `Bearer ${AUTH_TOKEN}` }))).status).toBe(200);
    const event = checkEvents().find((candidate) => candidate.data.taskInstanceId === ids.TaskInstanceId)!;
    expect(unsealToken(event.data.sealedAuthToken, tokenKeyRingFromEnv({ GATE_TOKEN_KEY: tokenKey }), tokenContextOf(event.data))).toBe(AUTH_TOKEN);
  });

  it('does not quote back a token put in an id header by mistake', async () => {
    const response = await post('/checks/require-cmdline', callHeaders(orgUrl, { JobId: AUTH_TOKEN }));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain(`JobId must be a GUID, got a value of ${AUTH_TOKEN.length} characters`);
    expect(text).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it('publishes a resent call (same plan, job and task) once', async () => {
    const headers = callHeaders(orgUrl, { TaskInstanceId: '11111111-2222-4333-8444-555555555555' });
    const before = checkEvents().length;
    expect((await post('/checks/require-cmdline', headers)).status).toBe(200);
    expect((await post('/checks/require-cmdline', headers)).status).toBe(200);
    expect(checkEvents().length).toBe(before + 1);
  });

  it('answers 401 without a valid hook key, 404 for an unknown policy, and publishes nothing', async () => {
    const before = h.attempts.length;
    expect((await post('/checks/require-cmdline', callHeaders(orgUrl, { 'x-hook-key': undefined }))).status).toBe(401);
    expect((await post('/checks/require-cmdline', callHeaders(orgUrl, { 'x-hook-key': 'wrong-key-0123456789' }))).status).toBe(401);
    const notFound = await post('/checks/no-such-policy', callHeaders(orgUrl));
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toContain('application/problem+json');
    expect(await notFound.json()).toMatchObject({ code: 'GATE_POLICY_NOT_FOUND', detail: expect.stringContaining('configured: require-cmdline, manual-only, always-open') });
    expect(h.attempts.length).toBe(before);
  });

  it('answers 400 listing every missing header, including the ones the policy needs', async () => {
    const response = await post('/checks/require-cmdline', callHeaders(orgUrl, { PlanUrl: undefined, AuthToken: undefined, BuildId: undefined }));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; detail: string; issues: string[] };
    expect(problem.code).toBe('CHECK_HEADERS_MISSING');
    expect(problem.detail).toContain('PlanUrl, AuthToken, BuildId');
    expect(problem.issues).toEqual([
      'PlanUrl is missing: add "PlanUrl": "$(system.CollectionUri)" to the check\'s Headers',
      'AuthToken is missing: add "AuthToken": "$(system.AccessToken)" to the check\'s Headers',
      'BuildId is missing: add "BuildId": "$(build.BuildId)" to the check\'s Headers',
    ]);
  });

  it('answers 400 naming the malformed headers along with the missing ones, as the check is only called again on a re-run', async () => {
    const before = h.attempts.length;
    const headers = callHeaders(orgUrl, { TimelineId: undefined, BuildId: undefined, PlanId: 'not-a-guid', HubName: 'deployment' });
    const response = await post('/checks/require-cmdline', headers);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; detail: string; issues: string[] };
    expect(problem.code).toBe('CHECK_HEADERS_MISSING');
    expect(problem.detail).toContain('lacks header(s) TimelineId, BuildId');
    expect(problem.detail).toContain('correct the malformed one(s)');
    expect(problem.issues).toEqual([
      'TimelineId is missing: add "TimelineId": "$(system.TimelineId)" to the check\'s Headers',
      'BuildId is missing: add "BuildId": "$(build.BuildId)" to the check\'s Headers',
      'PlanId must be a GUID, got "not-a-guid"',
      'HubName must be one of build, release, checks, gates, got "deployment"',
    ]);
    expect(h.attempts.length).toBe(before);
  });

  it('answers 400 for malformed ids and hub names', async () => {
    const response = await post('/checks/require-cmdline', callHeaders(orgUrl, { JobId: 'job-1', HubName: 'pipelines', PlanUrl: 'not a url' }));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; issues: string[] };
    expect(problem.code).toBe('CHECK_HEADERS_INVALID');
    expect(problem.issues).toEqual([
      'JobId must be a GUID, got "job-1"',
      'HubName must be one of build, release, checks, gates, got "pipelines"',
      'PlanUrl must be an absolute http(s) URL such as https://dev.azure.com/fabrikam/',
    ]);
  });

  it.each([
    ['a query', (url: string) => `${url}?api-version=7.1`],
    ['a fragment', (url: string) => `${url}#plan`],
    ['credentials', (url: string) => url.replace('://', '://svc:p4ss@')],
  ])('answers 400 for a PlanUrl with %s, publishing nothing', async (_what, planUrl) => {
    const before = h.attempts.length;
    const response = await post('/checks/require-cmdline', callHeaders(planUrl(orgUrl)));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; issues: string[] };
    expect(problem).toMatchObject({ code: 'CHECK_HEADERS_INVALID', issues: ['PlanUrl must be an absolute http(s) URL such as https://dev.azure.com/fabrikam/'] });
    expect(h.attempts.length).toBe(before);
  });

  const literalAccessToken =
    'AuthToken arrived as the literal "$(system.AccessToken)": Azure Pipelines sends a $(…) reference as written when no variable of that name exists where the check runs, ' +
    'and nothing expands a call from outside Azure Pipelines (curl, a script): there, send the value itself';
  it.each([
    ['$(system.AccessToken)', literalAccessToken],
    ['$(System.AccessToken)', literalAccessToken],
    ['Bearer $(system.accesstoken)', literalAccessToken],
    [
      '$(system.AccesToken)',
      'AuthToken was not expanded: it holds a $(…) reference but is not exactly $(system.AccessToken); write "AuthToken": "$(system.AccessToken)" in the check\'s Headers, spelled exactly so',
    ],
  ])('answers 400 for an AuthToken whose pipeline variable was not expanded (%s), saying why, publishing nothing', async (unexpanded, issue) => {
    const before = h.attempts.length;
    const response = await post('/checks/require-cmdline', callHeaders(orgUrl, { AuthToken: unexpanded, TaskInstanceId: 'c0ffee00-0000-4000-8000-000000000001' }));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; issues: string[] };
    expect(problem.code).toBe('CHECK_HEADERS_INVALID');
    expect(problem.issues).toEqual([issue]);
    expect(h.attempts.length).toBe(before);
  });

  it.each([
    ['another organization', () => ado.orgUrl('contoso')],
    ['a look-alike prefix', () => ado.orgUrl('fabrikam-evil')],
    ['another host', () => 'https://dev.azure.com.evil.example/fabrikam/'],
  ])('answers 403 for a PlanUrl of %s, publishing nothing and calling nothing', async (_what, planUrl) => {
    const before = h.attempts.length;
    const response = await post('/checks/require-cmdline', callHeaders(planUrl()));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'PLAN_URL_NOT_ALLOWED' });
    expect(h.attempts.length).toBe(before);
    expect(ado.calls).toHaveLength(0);
  });

  it('answers sync checks at once with a decision the success criterion can read', async () => {
    const manual = await post('/checks/manual-only/sync', { 'x-hook-key': KEYS.prod, BuildReason: 'Manual' });
    expect(manual.status).toBe(200);
    expect(await manual.json()).toEqual({ decision: 'approved', reason: 'Build reason Manual is allowed' });
    const ci = await post('/checks/manual-only/sync', { 'x-hook-key': KEYS.prod, BuildReason: 'IndividualCI' });
    expect(await ci.json()).toEqual({ decision: 'rejected', reason: 'Build reason IndividualCI is not allowed; allowed: Manual' });
    const window = await post('/checks/always-open/sync', { 'x-hook-key': KEYS.prod });
    expect(await window.json()).toMatchObject({ decision: 'approved', reason: expect.stringContaining('inside the window 00:00-24:00') });
  });

  it('answers rejected, never approved, while a sync policy says "not yet" (Azure Pipelines asks again)', async () => {
    const frozen = await post('/checks/frozen/sync', { 'x-hook-key': KEYS.prod });
    expect(frozen.status).toBe(200);
    expect(await frozen.json()).toEqual({ decision: 'rejected', reason: expect.stringContaining('inside the freeze 2000-01-01/2999-12-31') });
  });

  it('refuses sync mode for policies that need Azure DevOps, and names missing headers', async () => {
    const callback = await post('/checks/require-cmdline/sync', { 'x-hook-key': KEYS.prod });
    expect(callback.status).toBe(400);
    expect(await callback.json()).toMatchObject({ code: 'GATE_POLICY_NOT_SYNC', detail: expect.stringContaining('use callback mode: POST /checks/require-cmdline') });
    const missing = await post('/checks/manual-only/sync', { 'x-hook-key': KEYS.prod });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'CHECK_HEADERS_MISSING', issues: ['BuildReason is missing: add "BuildReason": "$(build.Reason)" to the check\'s Headers'] });
    expect((await post('/checks/manual-only/sync', { BuildReason: 'Manual' })).status).toBe(401);
  });

  it('counts check calls by policy and status on /metrics', async () => {
    const text = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(text).toMatch(/switchyard_check_calls_total\{[^}]*policy="require-cmdline"[^}]*mode="callback"[^}]*status="200"[^}]*\} [1-9]/);
    expect(text).toMatch(/switchyard_check_calls_total\{[^}]*policy="unknown"[^}]*status="404"/);
  });

  it('logs each accepted call with the name of the key it came with, never the key', async () => {
    // During a key rotation these lines show which callers still use the old key.
    const before = h.logLines.length;
    expect((await post('/checks/require-cmdline', callHeaders(orgUrl, { TaskInstanceId: 'c0ffee00-0000-4000-8000-0000000000aa' }))).status).toBe(200);
    expect((await post('/checks/manual-only/sync', { 'x-hook-key': KEYS.prod, BuildReason: 'Manual' })).status).toBe(200);
    const lines = h.logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    const accepted = lines.filter((line) => line['msg'] === 'check request accepted' || line['msg'] === 'sync check decided');
    expect(accepted.map(({ msg, keyName }) => ({ msg, keyName }))).toEqual([
      { msg: 'check request accepted', keyName: 'ado-prod' },
      { msg: 'sync check decided', keyName: 'ado-prod' },
    ]);
  });

  it('never writes the AuthToken or the hook key to the log', () => {
    expect(h.logLines.length).toBeGreaterThan(0);
    expect(h.logLines.join('\n')).not.toContain('live-pipeline-token');
    expect(h.logLines.join('\n')).not.toContain(KEYS.prod);
  });
});

describe('check calls refused before the handler (HTTPS, key, rate, body)', () => {
  let h: Harness;
  const url = (path: string) => `${h.ingress.url}${path}`;
  const https = { 'x-forwarded-proto': 'https' };
  // Only the test below calls this policy, so its counts are the test's own.
  const sync = (headers: Record<string, string>, body = '{}', contentType = 'application/json') =>
    fetch(url('/checks/always-open/sync'), { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

  beforeAll(async () => {
    const env = { GATE_POLICIES_FILE: policiesFile, GATE_TOKEN_KEY: tokenKey, ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/' };
    // Loopback is the trusted TLS proxy: a request counts as HTTPS with X-Forwarded-Proto: https.
    h = await startHarness({ ...env, REQUIRE_HTTPS: 'true', TRUSTED_PROXIES: 'loopback', HOOK_MAX_BYTES: '1024', HOOK_RATE_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('checks the key before the body: without a key a wrong media type or an oversized body is 401', async () => {
    for (const path of ['/checks/manual-only/sync', '/checks/require-cmdline']) {
      const wrongType = await fetch(url(path), { method: 'POST', headers: { ...https, 'content-type': 'text/plain' }, body: 'x' });
      expect(wrongType.status).toBe(401);
      expect(await wrongType.json()).toMatchObject({ code: 'HOOK_KEY_REJECTED' });
      const oversized = await fetch(url(path), { method: 'POST', headers: { ...https, 'content-type': 'application/json' }, body: JSON.stringify({ padding: 'x'.repeat(5_000) }) });
      expect(oversized.status).toBe(401);
    }
  });

  it('counts every answer in switchyard_check_calls_total and logs each refusal of a keyed caller at warn, without a secret', async () => {
    const statuses = [
      (await sync({ 'x-hook-key': KEYS.tfs })).status, // plain HTTP
      (await sync({ ...https })).status, // no key
      (await sync({ ...https, 'x-hook-key': KEYS.tfs }, 'x', 'text/plain')).status,
      (await sync({ ...https, 'x-hook-key': KEYS.tfs }, JSON.stringify({ padding: 'x'.repeat(5_000) }))).status,
      (await sync({ ...https, 'x-hook-key': KEYS.tfs })).status,
      (await sync({ ...https, 'x-hook-key': KEYS.tfs })).status, // the fourth call of this key within the minute
    ];
    expect(statuses).toEqual([403, 401, 415, 413, 200, 503]);
    const metrics = await (await fetch(url('/metrics'))).text();
    const codes = ['HTTPS_REQUIRED', 'HOOK_KEY_REJECTED', 'UNSUPPORTED_MEDIA_TYPE', 'BODY_TOO_LARGE', 'none', 'RATE_LIMITED'];
    statuses.forEach((status, i) => {
      expect(metrics).toMatch(new RegExp(`switchyard_check_calls_total\\{policy="always-open",mode="sync",status="${status}",code="${codes[i]}"[^}]*\\} 1\n`));
    });
    const refusals = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'check call refused');
    const warnings = refusals.filter((line) => line['level'] === 'warn');
    expect(warnings.map((line) => [line['status'], line['code'], line['policy'], line['mode'], line['keyName']])).toEqual([
      [415, 'UNSUPPORTED_MEDIA_TYPE', 'always-open', 'sync', 'tfs-onprem'],
      [413, 'BODY_TOO_LARGE', 'always-open', 'sync', 'tfs-onprem'],
      [503, 'RATE_LIMITED', 'always-open', 'sync', 'tfs-onprem'],
    ]);
    // Callers without a valid key (anyone can send those) are counted above, not logged at warn.
    expect(refusals.filter((line) => line['status'] === 401 || line['status'] === 403).every((line) => line['level'] !== 'warn')).toBe(true);
    expect(h.logLines.join('\n')).not.toContain(KEYS.tfs);
    expect(h.logLines.join('\n')).not.toContain(KEYS.prod);
  });

  it('answers 413 for a body over HOOK_MAX_BYTES, stating the limit in bytes', async () => {
    for (const path of ['/checks/manual-only/sync', '/checks/require-cmdline']) {
      const response = await fetch(url(path), {
        method: 'POST',
        headers: { ...https, 'x-hook-key': KEYS.prod, 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(5_000) }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        code: 'BODY_TOO_LARGE',
        detail: 'The request body is larger than 1024 bytes, the limit set by HOOK_MAX_BYTES; send a smaller body or raise HOOK_MAX_BYTES.',
      });
    }
  });
});

describe('checks when the bus or the configuration fails', () => {
  it('answers 400 EVENT_INVALID (not 503) when the publisher finds the event does not fit its contract', async () => {
    // The real publisher's validation, given a copy (so it checks it in full) whose time does not fit.
    const unfit = (bus: Bus): Bus =>
      overrideBus(bus, { publisher: { publish: (event, options) => bus.publisher.publish({ ...event, time: 'not a time' }, options) } });
    const { h, orgUrl, close } = await startCheckHarness(policiesFile, tokenKey, { bus: unfit });
    try {
      const response = await fetch(`${h.ingress.url}/checks/require-cmdline`, { method: 'POST', headers: callHeaders(orgUrl) });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'EVENT_INVALID', issues: [expect.stringMatching(/^time: /)] });
      expect(text).not.toContain(AUTH_TOKEN);
      expect(h.accepted).toHaveLength(0);
    } finally {
      await close();
    }
  });

  it('answers 503 with Retry-After when the bus does not accept the request', async () => {
    const refusing = (bus: Bus): Bus =>
      overrideBus(bus, { publisher: { publish: () => Promise.reject(new BusUnavailableError('down')) } });
    const { h, orgUrl, close } = await startCheckHarness(policiesFile, tokenKey, { bus: refusing });
    try {
      const response = await fetch(`${h.ingress.url}/checks/require-cmdline`, { method: 'POST', headers: callHeaders(orgUrl) });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
    } finally {
      await close();
    }
  });

  it('answers 503 TEMPORARILY_UNAVAILABLE (not BUS_UNAVAILABLE) when the publisher fails unexpectedly', async () => {
    const broken = (bus: Bus): Bus => overrideBus(bus, { publisher: { publish: () => Promise.reject(new TypeError('bug')) } });
    const { h, orgUrl, close } = await startCheckHarness(policiesFile, tokenKey, { bus: broken });
    try {
      const response = await fetch(`${h.ingress.url}/checks/require-cmdline`, { method: 'POST', headers: callHeaders(orgUrl) });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      expect(await response.json()).toMatchObject({ code: 'TEMPORARILY_UNAVAILABLE' });
      expect(h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['level'] === 'error')).toEqual([
        expect.objectContaining({ msg: 'unexpected error; answered 503', path: '/checks/require-cmdline' }),
      ]);
    } finally {
      await close();
    }
  });

  it('answers within the 3 s Azure Pipelines waits (503), even when HOOK_PUBLISH_TIMEOUT_MS allows hooks longer', async () => {
    const hanging = (bus: Bus): Bus => overrideBus(bus, { publisher: { publish: () => new Promise<void>(() => undefined) } });
    const { h, orgUrl, close } = await startCheckHarness(policiesFile, tokenKey, { bus: hanging, env: { HOOK_PUBLISH_TIMEOUT_MS: '10000' } });
    try {
      const started = Date.now();
      const response = await fetch(`${h.ingress.url}/checks/require-cmdline`, { method: 'POST', headers: callHeaders(orgUrl) });
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await close();
    }
  });

  // Checked through the provider's factory: NestFactory.create exits the process on a provider error.
  it.each([
    ['GATE_TOKEN_KEY', { ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/' }],
    ['ALLOWED_ORG_URLS', { GATE_TOKEN_KEY: generateTokenKey() }],
  ])('refuses to start with policies but without %s', (variable, env) => {
    expect(() => loadChecksConfig({ GATE_POLICIES_FILE: policiesFile, ...env })).toThrow(new RegExp(`${variable}.*required`));
  });

  it('starts without GATE_POLICIES_FILE, answering 404 to every check', () => {
    expect(loadChecksConfig({}).policies.names).toEqual([]);
  });

  it('without policies needs no GATE_TOKEN_KEY, but refuses a malformed one at start-up', () => {
    expect(loadChecksConfig({ GATE_TOKEN_KEY: generateTokenKey() }).tokenKeys).toBeUndefined();
    expect(() => loadChecksConfig({ GATE_TOKEN_KEY: 'abc' })).toThrow(/GATE_TOKEN_KEY must be a 32-byte/);
  });
});
