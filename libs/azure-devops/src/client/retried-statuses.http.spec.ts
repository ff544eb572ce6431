import { AzureDevOpsErrorCodes, isPermanent, isRetryable } from '../errors/azure-devops-error';
import { addCiBuild, caught, type Harness, PROJECT, quickRetry, startHarness } from '../spec-support/harness';

const BUILDS = '/_apis/build/builds';

// Which answers are tried again, against the test server (the list in docs/azure-devops.md is checked
// against RETRYABLE_STATUSES in status-classification.spec.ts).
describe('statuses the client retries', () => {
  let h: Harness;
  let buildId: number;

  beforeEach(async () => {
    h = await startHarness({ retry: quickRetry(3) });
    buildId = addCiBuild(h);
    await h.org().getBuild(PROJECT, buildId);
    h.ado.clearCalls();
  });
  afterEach(() => h.ado.close());

  it.each([
    [408, AzureDevOpsErrorCodes.TIMEOUT],
    [425, AzureDevOpsErrorCodes.UNAVAILABLE],
    [500, AzureDevOpsErrorCodes.UNAVAILABLE],
  ])('retries %i, and reports it as the retryable %s when it persists', async (status, code) => {
    h.ado.inject({ path: BUILDS, status, times: 1 });
    await expect(h.org().getBuild(PROJECT, buildId)).resolves.toMatchObject({ id: buildId });
    expect(h.ado.callsMatching(BUILDS).map((call) => call.status)).toEqual([status, 200]);

    h.ado.inject({ path: BUILDS, status, times: 3 });
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code, retryable: true, details: { status, attempts: 3 } });
    expect(isRetryable(error)).toBe(true);
  });

  it.each([501, 505])('does not retry %i, which no retry fixes, and reports it as permanent', async (status) => {
    h.ado.inject({ path: BUILDS, status, times: 3, message: `TF000: injected ${status}` });
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.SERVER_ERROR, retryable: false, details: { status, attempts: 1 } });
    expect((error as Error).message).toContain(`TF000: injected ${status}`);
    expect(isPermanent(error)).toBe(true);
    expect(h.ado.callsMatching(BUILDS)).toHaveLength(1);
  });
});
