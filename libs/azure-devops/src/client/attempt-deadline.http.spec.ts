import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { bearerCredential } from './credentials';
import { addCiBuild, caught, type Harness, PROJECT, quickRetry, startHarness, TOKEN } from '../spec-support/harness';

const BUILDS = '/_apis/build/builds';
const plan = { projectId: 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03', hubName: 'checks', planId: '787562d7-f1da-59cf-22c4-8a94fa784503' };

// timeoutMs bounds a whole attempt, body included: a server that sends a byte now and then never
// trips an idle timeout, and would otherwise hold the call (and a message lock) for as long as it likes.
describe('the per-attempt deadline', () => {
  let h: Harness;
  let buildId: number;

  beforeEach(async () => {
    h = await startHarness({ timeoutMs: 300, retry: quickRetry(2) });
    buildId = addCiBuild(h);
    await h.org().getBuild(PROJECT, buildId);
    h.ado.clearCalls();
  });
  afterEach(() => h.ado.close());

  it('cuts off an answer that trickles in a byte every 50 ms, and the retry gets the build', async () => {
    h.ado.inject({ path: BUILDS, method: 'GET', trickleMs: 50 });
    const started = Date.now();
    await expect(h.org().getBuild(PROJECT, buildId)).resolves.toMatchObject({ id: buildId });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(h.ado.callsMatching(BUILDS, 'GET')).toHaveLength(2);
  });

  it('fails as TIMEOUT within attempts × timeoutMs when every answer trickles', async () => {
    h.ado.inject({ path: BUILDS, method: 'GET', trickleMs: 50, times: 2 });
    const started = Date.now();
    const error = await caught(h.org().getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.TIMEOUT, retryable: true, details: { attempts: 2 } });
    expect((error as Error).message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('bounds a write too: a decision whose 2xx answer trickles ends at the deadline as delivered, sent once', async () => {
    h.ado.inject({ path: '/events', method: 'POST', status: 200, rawBody: '{"accepted":true}', trickleMs: 100, afterProcessing: true });
    const started = Date.now();
    await h.org(bearerCredential(TOKEN)).postTaskCompleted(plan, { taskId: plan.planId, jobId: plan.planId, result: 'succeeded' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(h.ado.callsMatching('/events', 'POST')).toHaveLength(1);
    expect(h.ado.org('fabrikam').planById(plan.planId)?.events).toHaveLength(1);
  });
});
