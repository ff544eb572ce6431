import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { bearerCredential } from '../client/credentials';
import { PLAN_EVENTS_API_VERSION } from './plan-events';
import { TOKEN, startHarness, type Harness } from '../spec-support/harness';

// Values shaped like the headers an "Invoke REST API" check sends.
const plan = { projectId: 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03', hubName: 'checks', planId: '787562d7-f1da-59cf-22c4-8a94fa784503' };
const timelineId = '787562d7-f1da-59cf-22c4-8a94fa784503';
const recordId = '5e6d5dbf-ac69-5f56-8b85-8e9038703a8b';
const jobId = '3a7e60dc-c5b0-5009-86eb-0f217c12e2ea';

describe.each([
  ['cloud organization', 'fabrikam'],
  ['on-prem collection', 'tfs/DefaultCollection'],
])('check callbacks on a %s', (_kind, orgName) => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({}, {}, orgName);
  });
  afterEach(() => h.ado.close());

  const org = () => h.org(bearerCredential(TOKEN));

  it('creates a log, appends lines and attaches it to the record (status message)', async () => {
    const times = [new Date('2026-01-02T03:04:05.000Z'), new Date('2026-01-02T03:04:06.000Z')];
    const log = await org().writeRecordLog(plan, { timelineId, recordId, lines: ['Check started!', 'x'.repeat(2000)], now: () => times.shift() as Date });
    const state = h.ado.org(orgName).planById(plan.planId);
    expect(state?.logs).toHaveLength(1);
    expect(state?.logs[0]).toMatchObject({ id: log.id, path: `logs\\${recordId}`, lineCount: 2 });
    const [first, second] = (state?.logs[0].content ?? '').split('\n');
    expect(first).toBe('2026-01-02T03:04:05.000Z Check started!');
    expect(second).toBe(`2026-01-02T03:04:06.000Z ${'x'.repeat(1024)}`);
    expect(state?.timelines.get(timelineId)?.get(recordId)).toMatchObject({ id: recordId, log: { id: log.id } });
    const paths = h.ado.calls.filter((call) => call.method !== 'OPTIONS').map((call) => `${call.method} ${call.path}`);
    const base = `/${orgName}/${plan.projectId}/_apis/distributedtask/hubs/checks/plans/${plan.planId}`;
    expect(paths).toEqual([`POST ${base}/logs`, `POST ${base}/logs/${log.id}`, `PATCH ${base}/timelines/${timelineId}/records`]);
    expect(h.ado.callsMatching(`/logs/${log.id}`)[0].headers['content-type']).toBe('application/octet-stream');
  });

  it('upserts timeline records and returns their state', async () => {
    const updated = await org().updateTimelineRecords(plan, timelineId, [
      { id: recordId, type: 'task', name: 'Work item check', parentId: jobId, startTime: '2026-01-02T03:04:05.000Z' },
    ]);
    expect(updated).toEqual([expect.objectContaining({ id: recordId, name: 'Work item check', type: 'task' })]);
    const [call] = h.ado.callsMatching('/records', 'PATCH');
    expect(call.json).toEqual({ count: 1, value: [{ id: recordId, type: 'task', name: 'Work item check', parentId: jobId, startTime: '2026-01-02T03:04:05.000Z' }] });
  });

  it('posts TaskCompleted to the plan events endpoint', async () => {
    await org().postTaskCompleted(plan, { taskId: recordId, jobId, result: 'succeeded' });
    expect(h.ado.org(orgName).planById(plan.planId)?.events).toEqual([{ name: 'TaskCompleted', taskId: recordId, jobId, result: 'succeeded' }]);
    const [call] = h.ado.callsMatching('/events', 'POST');
    expect(call.path).toBe(`/${orgName}/${plan.projectId}/_apis/distributedtask/hubs/checks/plans/${plan.planId}/events`);
    expect(call.query['api-version']).toBe(PLAN_EVENTS_API_VERSION);
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.status).toBe(204);
  });

  it('reads the timeline records back, and a posted TaskCompleted shows as the completed record', async () => {
    await org().updateTimelineRecords(plan, timelineId, [{ id: recordId, state: 'inProgress', startTime: '2026-01-02T03:04:05.000Z' }]);
    expect(await org().getTimelineRecords(plan, timelineId)).toEqual([
      { id: recordId, state: 'inProgress', startTime: '2026-01-02T03:04:05.000Z', name: undefined, type: undefined, result: undefined, log: undefined, finishTime: undefined },
    ]);
    await org().postTaskCompleted(plan, { taskId: recordId, jobId, result: 'failed' });
    const [record] = await org().getTimelineRecords(plan, timelineId);
    expect(record).toMatchObject({ id: recordId, state: 'completed', result: 'failed', finishTime: expect.any(String) });
    const [call] = h.ado.callsMatching('/records', 'GET').slice(-1);
    expect(call.path).toBe(`/${orgName}/${plan.projectId}/_apis/distributedtask/hubs/checks/plans/${plan.planId}/timelines/${timelineId}/records`);
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reads a timeline the server does not know as no records, and validates the timeline id before sending', async () => {
    await expect(org().getTimelineRecords(plan, '0a4f1d1c-4d55-4fd0-8a07-7b7e0c1f5e21')).resolves.toEqual([]);
    h.ado.clearCalls();
    await expect(org().getTimelineRecords(plan, 'not-a-guid')).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    expect(h.ado.calls).toHaveLength(0);
  });

  it('reads the plan version (Gates plans up to version 12 need the legacy event ids)', async () => {
    h.ado.org(orgName).setPlanVersion(plan.projectId, 'Gates', plan.planId, 12);
    await expect(org().getPlan({ ...plan, hubName: 'Gates' })).resolves.toEqual({ planId: plan.planId, version: 12 });
  });

  it('validates plan identifiers and the result before sending', async () => {
    await expect(org().postTaskCompleted({ ...plan, planId: 'not-a-guid' }, { taskId: recordId, jobId, result: 'succeeded' })).rejects.toMatchObject({
      code: AzureDevOpsErrorCodes.INVALID_ARGUMENT,
    });
    await expect(org().postTaskCompleted(plan, { taskId: recordId, jobId, result: 'maybe' as never })).rejects.toMatchObject({
      code: AzureDevOpsErrorCodes.INVALID_ARGUMENT,
    });
    expect(h.ado.calls).toHaveLength(0);
  });

  it('does not resend the decision after a 503, which a gateway may send for a decision taken: the caller decides', async () => {
    h.ado.inject({ path: '/events', status: 503, times: 2 });
    await expect(org().postTaskCompleted(plan, { taskId: recordId, jobId, result: 'failed' })).rejects.toMatchObject({
      code: AzureDevOpsErrorCodes.UNAVAILABLE,
      retryable: true,
      details: { status: 503, attempts: 1, outcomeUnknown: true },
    });
    expect(h.ado.callsMatching('/events')).toHaveLength(1);
  });

  it('resends the decision after a 429, which Azure DevOps answers without processing it', async () => {
    h.ado.inject({ path: '/events', status: 429, retryAfter: 0, times: 2 });
    await org().postTaskCompleted(plan, { taskId: recordId, jobId, result: 'failed' });
    expect(h.ado.org(orgName).planById(plan.planId)?.events).toEqual([expect.objectContaining({ result: 'failed' })]);
    expect(h.ado.callsMatching('/events')).toHaveLength(3);
  });
});
