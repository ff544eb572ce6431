import { waitFor } from '@switchyard/messaging/testing';
import { CMDLINE_TASK, newCheckIds, seedBuild, startEvaluatorHarness, type CheckIds, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
  stories-done:    { type: work-items-state, stateCategory: Completed, every: 100ms, timeout: 1m }
`;

jest.setTimeout(20_000);

/**
 * The evaluator had a backlog (or was down) and Azure DevOps ended the check meanwhile: the run was
 * canceled or the check timed out there, so its timeline record is completed before evaluation 1 runs.
 * Evaluation 1 must not reopen the record, keep evaluating or post TaskCompleted to a check that is over.
 */
describe('gate evaluator: a check Azure DevOps completed before its first evaluation', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
    seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
    seedBuild(h.org, 200);
    h.org.addWorkItem({ id: 8, project: 'Fabrikam', type: 'Bug', state: 'Active' });
    h.org.linkWorkItems(200, [8]);
  });
  afterAll(async () => {
    await h.close();
  });

  /** Seeds the check's record as Azure DevOps leaves it after canceling the run. */
  function completedCheck(): CheckIds {
    const ids = newCheckIds();
    const timeline = new Map<string, Record<string, unknown>>();
    timeline.set(ids.taskInstanceId.toLowerCase(), { id: ids.taskInstanceId, type: 'Task', name: 'Invoke REST API', state: 'completed', result: 'canceled', changeId: 3 });
    h.org.plan(h.projectId, 'checks', ids.planId).timelines.set(ids.timelineId.toLowerCase(), timeline);
    return ids;
  }

  const callsTo = (ids: CheckIds) => h.ado.calls.filter((call) => call.path.includes(ids.planId));

  it.each([
    ['a policy that would wait', 'stories-done', '200'],
    ['a policy that would decide at once', 'require-cmdline', '100'],
  ])('%s: reads the record once, writes nothing, posts nothing, schedules nothing and logs that the check is over', async (_case, policy, buildId) => {
    const ids = await h.requestCheck(policy, { buildId, ids: completedCheck() });
    const over = await waitFor(
      () => h.logLines.map((line) => JSON.parse(line)).find((line) => line.planId === ids.planId && String(line.msg).includes('the check is over in Azure DevOps')),
      'the evaluator to see the check is over',
    );
    expect(over).toMatchObject({ policy, evaluation: 1, recordResult: 'canceled' });
    await new Promise((resolve) => setTimeout(resolve, 600)); // six times stories-done's `every`
    expect(callsTo(ids).map((call) => `${call.method} ${call.path.replace(/^.*\/plans\/[^/]+/, '')}`)).toEqual([`GET /timelines/${ids.timelineId}/records`]);
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
    expect(h.plan(ids)?.logs ?? []).toHaveLength(0);
    expect(h.plan(ids)?.timelines.get(ids.timelineId.toLowerCase())?.get(ids.taskInstanceId.toLowerCase())).toEqual({
      id: ids.taskInstanceId,
      type: 'Task',
      name: 'Invoke REST API',
      state: 'completed',
      result: 'canceled',
      changeId: 3,
    });
    expect(h.busTraffic.filter((message) => message.includes(`eval.${ids.planId}`.toLowerCase()))).toEqual([]);
    expect(h.logLines.filter((line) => line.includes(ids.planId) && line.includes('"msg":"check evaluated"'))).toEqual([]);
  });

  it('a record that could not be read is never marked in progress: it may be over, and marking it would reopen it', async () => {
    const ids = completedCheck();
    // Every attempt of evaluation 1's record read fails; evaluation 2 reads it.
    h.ado.inject({ path: `/timelines/${ids.timelineId}/records`, method: 'GET', status: 500, times: 3 });
    await h.requestCheck('stories-done', { buildId: '200', ids });
    const [patch] = await waitFor(() => h.ado.callsMatching(`/plans/${ids.planId}/timelines/`, 'PATCH').at(0) && h.ado.callsMatching(`/plans/${ids.planId}/timelines/`, 'PATCH'), 'the first record update');
    const first = JSON.parse(patch.body) as { value: Array<Record<string, unknown>> };
    expect(first.value[0]).not.toHaveProperty('state');
    expect(first.value[0]).not.toHaveProperty('startTime');
    await waitFor(() => h.logLines.find((line) => line.includes(ids.planId) && line.includes('the check is over in Azure DevOps')), 'evaluation 2 to see the check is over');
    expect(h.plan(ids)?.timelines.get(ids.timelineId.toLowerCase())?.get(ids.taskInstanceId.toLowerCase())).toMatchObject({ state: 'completed', result: 'canceled' });
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
  });

  it('a record Azure Pipelines already runs keeps its own state and start time; only the status and the log are written', async () => {
    const ids = newCheckIds();
    const startTime = '2026-01-01T00:00:00.000Z';
    const timeline = new Map<string, Record<string, unknown>>([[ids.taskInstanceId.toLowerCase(), { id: ids.taskInstanceId, type: 'Task', state: 'inProgress', startTime, changeId: 1 }]]);
    h.org.plan(h.projectId, 'checks', ids.planId).timelines.set(ids.timelineId.toLowerCase(), timeline);
    await h.requestCheck('stories-done', { buildId: '200', ids });
    await h.waitForLog(ids, 'Evaluation 1: waiting');
    const [patch] = await waitFor(() => h.ado.callsMatching(`/plans/${ids.planId}/timelines/`, 'PATCH').at(0) && h.ado.callsMatching(`/plans/${ids.planId}/timelines/`, 'PATCH'), 'the first record update');
    const first = JSON.parse(patch.body) as { value: Array<Record<string, unknown>> };
    expect(first.value[0]).not.toHaveProperty('state');
    expect(first.value[0]).not.toHaveProperty('startTime');
    expect(timeline.get(ids.taskInstanceId.toLowerCase())).toMatchObject({ state: 'inProgress', startTime });
  });
});
