import { AzureDevOpsErrorCodes, isPermanent, isRetryable } from '../errors/azure-devops-error';
import { PROJECT, caught, startHarness, type Harness } from '../spec-support/harness';
import { AzureDevOpsClient } from './azure-devops-client';

const BUILDS = '/_apis/build/builds';

describe('retries, back-off and timeouts', () => {
  let h: Harness;
  let buildId: number;

  async function setup(options: Parameters<typeof startHarness>[0] = {}) {
    h = await startHarness({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 30_000 }, ...options });
    const org = h.ado.org('fabrikam');
    const definition = org.addDefinition({ project: PROJECT, name: 'CI' });
    buildId = org.addBuild({ project: PROJECT, definitionId: definition.id, status: 'completed', result: 'succeeded' }).id;
    // Warm discovery so the counted calls are only the operation under test.
    await h.org().getBuild(PROJECT, buildId);
    h.ado.clearCalls();
  }

  afterEach(() => h.ado.close());

  it('waits exactly the Retry-After the server sent on 429, then succeeds', async () => {
    await setup();
    h.ado.inject({ path: BUILDS, times: 2, status: 429, retryAfter: 3 });
    await expect(h.org().getBuild(PROJECT, buildId)).resolves.toMatchObject({ id: buildId, status: 'completed' });
    expect(h.waits).toEqual([3_000, 3_000]);
    expect(h.ado.callsMatching(BUILDS).map((call) => call.status)).toEqual([429, 429, 200]);
  });

  it('really sleeps for Retry-After when no test seam is installed', async () => {
    await setup({ sleep: undefined });
    h.ado.inject({ path: BUILDS, times: 1, status: 429, retryAfter: 1 });
    const started = Date.now();
    await h.org().getBuild(PROJECT, buildId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(2);
  });

  it('honours Retry-After given as an HTTP date on 503', async () => {
    await setup();
    h.ado.inject({ path: BUILDS, status: 503, retryAfter: new Date(Date.now() + 5_000).toUTCString() });
    await h.org().getBuild(PROJECT, buildId);
    expect(h.waits).toHaveLength(1);
    expect(h.waits[0]).toBeGreaterThan(3_000);
    expect(h.waits[0]).toBeLessThanOrEqual(5_000);
  });

  it.each([502, 503, 504])('backs off exponentially on %i without Retry-After', async (status) => {
    await setup();
    h.ado.inject({ path: BUILDS, times: 3, status });
    await h.org().getBuild(PROJECT, buildId);
    expect(h.waits).toHaveLength(3);
    // equal jitter: each wait is within [base*2^(n-1)/2, base*2^(n-1)]
    h.waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual((100 * 2 ** index) / 2);
      expect(wait).toBeLessThanOrEqual(100 * 2 ** index);
    });
  });

  it('caps each back-off at maxDelayMs', async () => {
    await setup({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 150, maxElapsedMs: 30_000 } });
    h.ado.inject({ path: BUILDS, times: 3, status: 503 });
    await h.org().getBuild(PROJECT, buildId);
    expect(h.waits).toHaveLength(3);
    // 100, then 200 and 400 capped at 150, each with equal jitter
    h.waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(Math.min(150, 100 * 2 ** index) / 2);
      expect(wait).toBeLessThanOrEqual(150);
    });
  });

  it('refuses a retry policy without a first attempt', () => {
    expect(() => new AzureDevOpsClient({ allowedOrgUrls: ['https://dev.azure.com/fabrikam/'], retry: { maxAttempts: 0 } })).toThrow(RangeError);
  });

  it('stops after maxAttempts and reports THROTTLED as retryable', async () => {
    await setup();
    h.ado.inject({ path: BUILDS, times: 10, status: 429, retryAfter: 1 });
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.THROTTLED, details: { status: 429, attempts: 4, retryAfterMs: 1_000 } });
    expect(isRetryable(error)).toBe(true);
    expect(isPermanent(error)).toBe(false);
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(4);
  });

  it('does not start a retry that would exceed the total time budget', async () => {
    await setup({ retry: { maxAttempts: 5, maxElapsedMs: 10_000 } });
    h.ado.inject({ path: BUILDS, times: 5, status: 429, retryAfter: 60 });
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.THROTTLED, details: { retryAfterMs: 60_000, attempts: 1 } });
    expect((error as Error).message).toContain('Retry-After: 60s');
    expect(h.waits).toEqual([]);
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(1);
  });

  it('retries a dropped connection (ECONNRESET)', async () => {
    await setup();
    h.ado.inject({ path: BUILDS, reset: true });
    await expect(h.org().getBuild(PROJECT, buildId)).resolves.toMatchObject({ id: buildId });
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(2);
  });

  it('times out a slow answer per attempt and retries it', async () => {
    await setup({ timeoutMs: 150 });
    h.ado.inject({ path: BUILDS, delayMs: 1_000 });
    await expect(h.org().getBuild(PROJECT, buildId)).resolves.toMatchObject({ id: buildId });
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(2);
  });

  it('reports TIMEOUT when every attempt is too slow', async () => {
    await setup({ timeoutMs: 100, retry: { maxAttempts: 2 } });
    h.ado.inject({ path: BUILDS, times: 2, delayMs: 1_000 });
    const started = Date.now();
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.TIMEOUT, retryable: true, details: { attempts: 2 } });
    expect((error as Error).message).toContain('AZURE_DEVOPS_TIMEOUT_MS');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it.each([
    [400, AzureDevOpsErrorCodes.BAD_REQUEST],
    [401, AzureDevOpsErrorCodes.UNAUTHORIZED],
    [403, AzureDevOpsErrorCodes.FORBIDDEN],
    [404, AzureDevOpsErrorCodes.NOT_FOUND],
    [409, AzureDevOpsErrorCodes.CONFLICT],
  ])('does not retry %i and surfaces it as a permanent %s', async (status, code) => {
    await setup();
    h.ado.inject({ path: BUILDS, status, message: `TF000: injected ${status}` });
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code, details: { status, attempts: 1 } });
    expect((error as Error).message).toContain(`TF000: injected ${status}`);
    expect(isPermanent(error)).toBe(true);
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(1);
  });

  it('replays a streamed body on retry (task log append)', async () => {
    await setup();
    const plan = { projectId: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c', hubName: 'checks', planId: '787562d7-f1da-59cf-22c4-8a94fa784503' };
    const org = h.org();
    const log = await org.createTaskLog(plan, 'logs\\5e6d5dbf-ac69-5f56-8b85-8e9038703a8b');
    h.ado.inject({ path: `/logs/${log.id}`, status: 503 });
    await org.appendTaskLog(plan, log.id, 'line one\nline two\n');
    const appends = h.ado.callsMatching(`/logs/${log.id}`, 'POST');
    expect(appends.map((call) => [call.status, call.body])).toEqual([
      [503, 'line one\nline two\n'],
      [200, 'line one\nline two\n'],
    ]);
    expect(h.ado.org('fabrikam').planById(plan.planId)?.logs[0].content).toBe('line one\nline two\n');
  });
});
