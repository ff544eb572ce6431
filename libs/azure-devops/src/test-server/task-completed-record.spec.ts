import { AzureDevOpsTestServer } from './azure-devops-test-server';

const scope = 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03';
const planId = '787562d7-f1da-59cf-22c4-8a94fa784503';
const timelineId = '0a4f1d1c-4d55-4fd0-8a07-7b7e0c1f5e21';
const taskId = '5e6d5dbf-ac69-5f56-8b85-8e9038703a8b';
const jobId = '3a7e60dc-c5b0-5009-86eb-0f217c12e2ea';
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const json = { accept: 'application/json;api-version=7.1', 'content-type': 'application/json' };

describe('AzureDevOpsTestServer: a posted TaskCompleted completes the task record', () => {
  let ado: AzureDevOpsTestServer;
  const planBase = (hub: string) => `${ado.orgUrl('fabrikam')}${scope}/_apis/distributedtask/hubs/${hub}/plans/${planId}`;
  const patchRecord = (hub: string, id: string) =>
    fetch(`${planBase(hub)}/timelines/${timelineId}/records`, { method: 'PATCH', headers: json, body: JSON.stringify({ count: 1, value: [{ id, state: 'inProgress' }] }) });
  const postEvent = (hub: string, event: Record<string, string>) =>
    fetch(`${planBase(hub)}/events?api-version=2.0-preview.1`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'TaskCompleted', ...event }) });
  const readRecords = async (hub: string) =>
    ((await (await fetch(`${planBase(hub)}/timelines/${timelineId}/records`, { headers: json })).json()) as { value: Array<Record<string, unknown>> }).value;

  beforeEach(async () => {
    ado = await AzureDevOpsTestServer.start();
  });
  afterEach(() => ado.close());

  it('GET …/timelines/{id}/records shows the record completed with the posted result', async () => {
    await patchRecord('checks', taskId);
    expect(await readRecords('checks')).toEqual([expect.objectContaining({ id: taskId, state: 'inProgress', changeId: 1 })]);

    expect((await postEvent('checks', { taskId, jobId, result: 'failed' })).status).toBe(204);

    const [record] = await readRecords('checks');
    expect(record).toMatchObject({ id: taskId, state: 'completed', result: 'failed', changeId: 2 });
    expect(Date.parse(String(record.finishTime))).not.toBeNaN();
  });

  it('completes the job id record for legacy Gates events (empty task id)', async () => {
    await patchRecord('gates', jobId);
    await postEvent('gates', { taskId: EMPTY_GUID, jobId, result: 'succeeded' });
    expect(await readRecords('gates')).toEqual([expect.objectContaining({ id: jobId, state: 'completed', result: 'succeeded' })]);
  });

  it('leaves other records alone and invents no record it was never given', async () => {
    await patchRecord('checks', jobId);
    await postEvent('checks', { taskId, jobId, result: 'succeeded' });
    expect(await readRecords('checks')).toEqual([expect.objectContaining({ id: jobId, state: 'inProgress' })]);
  });
});
