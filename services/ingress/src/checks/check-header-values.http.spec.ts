import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { EventOf } from '@switchyard/contracts';
import { CheckRequested } from '@switchyard/contracts';
import type { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { generateTokenKey, tokenContextOf, tokenKeyRingFromEnv, unsealToken } from '@switchyard/gates';
import { AUTH_TOKEN, checkCallHeaders, startCheckHarness, writePoliciesFile, type CheckHarness } from '../../test/check-call';
import { KEYS, type Harness } from '../../test/ingress-harness';

// Header values as the check sends them: repeated, too long, unexpanded, or a token in the wrong header.
const policiesFile = writePoliciesFile('  always-open:     { type: time-window, timezone: UTC, hours: "00:00-24:00" }\n');
const tokenKey = generateTokenKey();

/** Node's fetch joins a repeated header into one line; http.request sends an array as separate lines. */
function post(url: string, headers: OutgoingHttpHeaders): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('check header values: repeats, lengths, references and quoting', () => {
  let checks: CheckHarness;
  let h: Harness;
  let ado: AzureDevOpsTestServer;
  let orgUrl: string;
  let taskCounter = 0;
  const callHeaders = (overrides: OutgoingHttpHeaders = {}): OutgoingHttpHeaders => {
    taskCounter += 1;
    const TaskInstanceId = `8bd1a5b4-8c19-4e53-a3a6-${String(taskCounter).padStart(12, '0')}`;
    return checkCallHeaders<OutgoingHttpHeaders[string]>(orgUrl, { TaskInstanceId, ...overrides });
  };
  const callback = (headers: OutgoingHttpHeaders) => post(`${h.ingress.url}/checks/require-cmdline`, headers);
  const sync = (headers: OutgoingHttpHeaders) => post(`${h.ingress.url}/checks/manual-only/sync`, { 'x-hook-key': KEYS.prod, ...headers });
  const checkEvents = () => h.accepted.filter((event) => event.type === CheckRequested.type) as EventOf<typeof CheckRequested>[];
  const problemOf = (answer: { status: number; contentType: string; text: string }) => {
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    return JSON.parse(answer.text) as { code: string; issues: string[] };
  };

  beforeAll(async () => {
    checks = await startCheckHarness(policiesFile, tokenKey);
    ({ h, ado, orgUrl } = checks);
  });
  afterAll(() => checks.close());

  it('sends a valid call through (the repeat-free baseline)', async () => {
    const answer = await callback(callHeaders());
    expect(answer.status).toBe(200);
  });

  it.each([
    ['PlanUrl', () => ['https://dev.azure.com/evil/']],
    ['AuthToken', () => ['other']],
    ['ProjectId', () => ['6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c']],
    ['BuildId', () => ['43']],
    ['TaskInstanceName', () => ['second name']],
  ])('answers 400 CHECK_HEADERS_INVALID for a callback header %s sent twice, publishing nothing', async (name, second) => {
    const before = h.attempts.length;
    const headers = callHeaders({ TaskInstanceName: 'switchyard gate' });
    const answer = await callback({ ...headers, [name]: [String(headers[name]), ...second()] });
    const problem = problemOf(answer);
    expect(problem.code).toBe('CHECK_HEADERS_INVALID');
    expect(problem.issues).toEqual([`${name} was sent twice: keep a single ${name} entry in the check's Headers`]);
    expect(answer.text).not.toContain('evil');
    expect(answer.text).not.toContain(AUTH_TOKEN.slice(0, 12));
    expect(h.attempts.length).toBe(before);
    expect(checkEvents().some((event) => event.data.planUrl.includes('evil'))).toBe(false);
  });

  it('still publishes a header whose one line holds a comma (not a repeat)', async () => {
    const answer = await callback(callHeaders({ TaskInstanceName: 'gate, second part' }));
    expect(answer.status).toBe(200);
    const { id } = JSON.parse(answer.text) as { id: string };
    const event = checkEvents().find((candidate) => candidate.id === id)!;
    expect(event.data.headers).toMatchObject({ taskinstancename: 'gate, second part' });
    expect(unsealToken(event.data.sealedAuthToken, tokenKeyRingFromEnv({ GATE_TOKEN_KEY: tokenKey }), tokenContextOf(event.data))).toBe(AUTH_TOKEN);
  });

  it('refuses a BuildId that is no build number only for a policy that reads it, and leaves it out for the others', async () => {
    const reading = problemOf(await callback(callHeaders({ BuildId: 'abc' })));
    expect(reading.issues).toEqual(['BuildId must be a build number such as 1234']);
    // A release gate without a build artifact sends $(build.BuildId) as written; a time window does not need it.
    for (const BuildId of ['$(build.BuildId)', 'abc']) {
      const answer = await post(`${h.ingress.url}/checks/always-open`, callHeaders({ BuildId }));
      expect(answer.status).toBe(200);
      const { id } = JSON.parse(answer.text) as { id: string };
      const event = checkEvents().find((candidate) => candidate.id === id)!;
      expect(event.data).not.toHaveProperty('buildId');
      expect(JSON.stringify(event.data.headers ?? {}).toLowerCase()).not.toContain('buildid');
    }
  });

  it('answers 400 CHECK_HEADERS_INVALID for a sync BuildReason sent twice', async () => {
    const problem = problemOf(await sync({ BuildReason: ['Manual', 'Manual'] }));
    expect(problem).toMatchObject({ code: 'CHECK_HEADERS_INVALID', issues: ["BuildReason was sent twice: keep a single BuildReason entry in the check's Headers"] });
  });

  it('answers 400 "too long" (not "missing") for a policy header over 2,048 characters, in both modes', async () => {
    const long = 'Manual'.repeat(500);
    const syncProblem = problemOf(await sync({ BuildReason: long }));
    expect(syncProblem).toMatchObject({ code: 'CHECK_HEADERS_INVALID', issues: [`BuildReason is too long: ${long.length} characters, at most 2048`] });
    const callbackProblem = problemOf(await callback(callHeaders({ BuildId: '4'.repeat(3_000) })));
    expect(callbackProblem).toMatchObject({ code: 'CHECK_HEADERS_INVALID', issues: ['BuildId is too long: 3000 characters, at most 2048'] });
  });

  it('takes an AuthToken longer than the 2,048 characters other headers may have (a job token is a long JWT)', async () => {
    const longToken = `${AUTH_TOKEN}.${'t'.repeat(6_000)}`;
    const answer = await callback(callHeaders({ AuthToken: longToken }));
    expect(answer.status).toBe(200);
    const { id } = JSON.parse(answer.text) as { id: string };
    const event = checkEvents().find((candidate) => candidate.id === id)!;
    expect(unsealToken(event.data.sealedAuthToken, tokenKeyRingFromEnv({ GATE_TOKEN_KEY: tokenKey }), tokenContextOf(event.data))).toBe(longToken);
  });

  it('answers 400 for an unexpanded BuildReason in sync mode, saying why it was not expanded and what a release gate sends', async () => {
    const problem = problemOf(await sync({ BuildReason: '$(build.Reason)' }));
    expect(problem.code).toBe('CHECK_HEADERS_INVALID');
    expect(problem.issues).toEqual([
      'BuildReason arrived as the literal "$(build.Reason)": Azure Pipelines sends a $(…) reference as written when no variable of that name exists where the check runs, ' +
        'and nothing expands a call from outside Azure Pipelines (curl, a script): there, send the value itself. ' +
        'Build.Reason exists in build and YAML pipeline runs, not in a classic release pipeline: a release gate can send "BuildReason": "$(Release.Reason)", ' +
        'whose values are Automated, Manual, None or Scheduled (of these, a build-reason policy accepts only Manual)',
    ]);
    const misspelled = problemOf(await sync({ BuildReason: '$(build.Reasn)' }));
    expect(misspelled.issues).toEqual([
      'BuildReason was not expanded: it holds a $(…) reference but is not exactly $(build.Reason); write "BuildReason": "$(build.Reason)" in the check\'s Headers, spelled exactly so',
    ]);
  });

  it('names the reference, never the value, of an unexpanded header that carries more than the reference', async () => {
    const problem = problemOf(await callback(callHeaders({ AuthToken: `${AUTH_TOKEN}$(system.AccessToken)` })));
    expect(problem.issues).toEqual([expect.stringContaining('AuthToken was not expanded: it holds a $(…) reference but is not exactly $(system.AccessToken)')]);
    expect(JSON.stringify(problem)).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it('does not quote back or log a sync header value that is not short and plain', async () => {
    const answer = await sync({ BuildReason: AUTH_TOKEN });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      decision: 'rejected',
      reason: `Build reason (a value of ${AUTH_TOKEN.length} characters) is not allowed; allowed: Manual`,
    });
    expect(answer.text).not.toContain(AUTH_TOKEN.slice(0, 12));
    const plain = await sync({ BuildReason: 'IndividualCI' });
    expect(JSON.parse(plain.text)).toEqual({ decision: 'rejected', reason: 'Build reason IndividualCI is not allowed; allowed: Manual' });
    const decided = h.logLines.filter((line) => line.includes('sync check decided'));
    expect(decided.length).toBeGreaterThanOrEqual(2);
    expect(decided.join('\n')).not.toContain('IndividualCI');
    expect(h.logLines.join('\n')).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it('quotes only the organization of a PlanUrl that is not allowed, never the rest of its path', async () => {
    const foreign = `${ado.orgUrl('contoso')}${AUTH_TOKEN}/`;
    const answer = await callback(callHeaders({ PlanUrl: foreign }));
    expect(answer.status).toBe(403);
    const problem = JSON.parse(answer.text) as { code: string; detail: string };
    expect(problem.code).toBe('PLAN_URL_NOT_ALLOWED');
    expect(problem.detail).toContain(`PlanUrl ${ado.orgUrl('contoso')}… is not under any organization`);
    expect(answer.text).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it('never writes the AuthToken or the hook key to the log', () => {
    const log = h.logLines.join('\n');
    expect(log).not.toContain('live-pipeline-token');
    expect(log).not.toContain(KEYS.prod);
  });
});
