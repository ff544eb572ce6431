import { AzureDevOpsTestServer } from '../test-server';
import { AzureDevOpsErrorCodes, isRetryable } from '../errors/azure-devops-error';
import { bearerCredential } from './credentials';
import { caught, type Harness, PROJECT, quickRetry, startHarness, TOKEN } from '../spec-support/harness';

const plan = { projectId: 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03', hubName: 'checks', planId: '787562d7-f1da-59cf-22c4-8a94fa784503' };
const timelineId = '0775de16-a197-4395-a53d-c3180474de07';
const taskId = '5e6d5dbf-ac69-5f56-8b85-8e9038703a8b';
const jobId = '3a7e60dc-c5b0-5009-86eb-0f217c12e2ea';
const decision = { taskId, jobId, result: 'succeeded' as const };
const QUEUE = /\/_apis\/build\/builds$/;

// A decision (TaskCompleted) or a queued build sent twice is a second decision or a second build, so
// the client never resends them once they may have reached Azure DevOps: the caller gets the
// retryable error and reads the state before it tries again.
describe('writes that must not be sent twice', () => {
  let h: Harness;
  const events = () => h.ado.org('fabrikam').planById(plan.planId)?.events ?? [];

  beforeEach(async () => {
    h = await startHarness({ timeoutMs: 300, retry: quickRetry(4) });
  });
  afterEach(() => h.ado.close());

  const check = () => h.org(bearerCredential(TOKEN));

  it('records TaskCompleted exactly once when the server processed it and the answer was lost', async () => {
    h.ado.inject({ path: '/events', method: 'POST', reset: true, afterProcessing: true });
    const error = await caught(check().postTaskCompleted(plan, decision));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, details: { attempts: 1, outcomeUnknown: true } });
    expect(isRetryable(error)).toBe(true);
    expect((error as Error).message).toContain('not sent again');
    // The failure without the advice, for a caller that reads the state itself before it tries again.
    const { cause } = error as Error;
    expect(cause).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, message: expect.not.stringContaining('not sent again') });
    expect((error as Error).message.startsWith((cause as Error).message)).toBe(true);
    expect(h.ado.callsMatching('/events', 'POST')).toHaveLength(1);
    expect(events()).toEqual([{ name: 'TaskCompleted', ...decision }]);
  });

  it('records TaskCompleted exactly once when the answer came too late (timeout)', async () => {
    h.ado.inject({ path: '/events', method: 'POST', delayMs: 1_000, afterProcessing: true });
    const error = await caught(check().postTaskCompleted(plan, decision));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.TIMEOUT, retryable: true, details: { attempts: 1, outcomeUnknown: true } });
    expect(h.ado.callsMatching('/events', 'POST')).toHaveLength(1);
    expect(events()).toHaveLength(1);
  });

  it.each([500, 502, 503, 504])('does not resend TaskCompleted after a %i (a gateway may answer so for a backend that took it)', async (status) => {
    h.ado.inject({ path: '/events', method: 'POST', status, afterProcessing: true, times: 4 });
    const error = await caught(check().postTaskCompleted(plan, decision));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, details: { status, attempts: 1, outcomeUnknown: true } });
    expect(events()).toHaveLength(1);
  });

  it('resends TaskCompleted after a 429, 408 or 425: the request was refused, not processed', async () => {
    h.ado.inject({ path: '/events', method: 'POST', status: 429, retryAfter: 0, times: 1 });
    h.ado.inject({ path: '/events', method: 'POST', status: 408, times: 1 });
    h.ado.inject({ path: '/events', method: 'POST', status: 425, times: 1 });
    await check().postTaskCompleted(plan, decision);
    expect(h.ado.callsMatching('/events', 'POST').map((call) => call.status)).toEqual([429, 408, 425, 204]);
    expect(events()).toHaveLength(1);
  });

  it('does not resend a build queue request whose answer was lost: one build, and the caller is told', async () => {
    const org = h.ado.org('fabrikam');
    const definitionId = org.addDefinition({ project: PROJECT, name: 'CI' }).id;
    h.ado.inject({ path: QUEUE, method: 'POST', status: 503, afterProcessing: true, times: 4 });
    const error = await caught(h.org().queueBuild({ project: PROJECT, definitionId, tags: ['slot-1'] }));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, retryable: true, details: { outcomeUnknown: true } });
    expect(h.ado.callsMatching(QUEUE, 'POST')).toHaveLength(1);
    expect(org.builds.size).toBe(1);
  });

  it('does not resend a build queue request whose 2xx answer was cut off, and says a build may be queued', async () => {
    const org = h.ado.org('fabrikam');
    const definitionId = org.addDefinition({ project: PROJECT, name: 'CI' }).id;
    h.ado.inject({ path: QUEUE, method: 'POST', afterProcessing: true, truncateBodyAt: 30 });
    const error = await caught(h.org().queueBuild({ project: PROJECT, definitionId }));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_RESPONSE, retryable: false, details: { outcomeUnknown: true } });
    expect((error as Error).message).toContain('a build may have been queued');
    expect(h.ado.callsMatching(QUEUE, 'POST')).toHaveLength(1);
    expect(org.builds.size).toBe(1);
  });

  it('still resends writes whose repetition is harmless (record update, tags, logs) after a 503', async () => {
    const org = h.ado.org('fabrikam');
    const build = org.addBuild({ project: PROJECT, definitionId: org.addDefinition({ project: PROJECT, name: 'CI' }).id });
    h.ado.inject({ path: '/records', method: 'PATCH', status: 503 });
    h.ado.inject({ path: '/tags', method: 'POST', status: 503 });
    h.ado.inject({ path: /\/logs(\/\d+)?$/, method: 'POST', status: 503, times: 2 });
    await check().updateTimelineRecords(plan, timelineId, [{ id: taskId, state: 'inProgress' }]);
    await h.org().listBuildsByTag({ project: PROJECT, tags: ['x'] });
    await expect(h.org().queueBuild({ project: PROJECT, definitionId: build.definitionId, tags: ['t'] })).resolves.toMatchObject({ tags: ['t'] });
    await check().writeRecordLog(plan, { timelineId, recordId: taskId, lines: ['hello'] });
    expect(h.ado.calls.filter((call) => call.status === 503).map((call) => call.method)).toEqual(['PATCH', 'POST', 'POST', 'POST']);
  });
});

describe('a connection refused before anything was sent', () => {
  it('is retried for TaskCompleted too, and the decision is recorded once', async () => {
    // A port nothing listens on until the client's first back-off: the first attempt is refused.
    const probe = await AzureDevOpsTestServer.start();
    const port = Number(new URL(probe.url).port);
    const orgUrl = probe.orgUrl('fabrikam');
    await probe.close();
    let ado: AzureDevOpsTestServer | undefined;
    const h = await startHarness({
      allowedOrgUrls: [orgUrl],
      sleep: async () => {
        ado ??= await AzureDevOpsTestServer.start({ port });
      },
    });
    try {
      await h.ado.close();
      const client = h.client.forOrganization(orgUrl, bearerCredential(TOKEN));
      await client.postTaskCompleted(plan, decision);
      expect(ado?.org('fabrikam').planById(plan.planId)?.events).toEqual([{ name: 'TaskCompleted', ...decision }]);
      expect(ado?.callsMatching('/events', 'POST')).toHaveLength(1);
    } finally {
      await ado?.close();
    }
  });
});
