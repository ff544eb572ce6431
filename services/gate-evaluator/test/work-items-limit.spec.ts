import { waitFor } from '@switchyard/messaging/testing';
import { seedBuild, startEvaluatorHarness, type CheckIds, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  stories-done: { type: work-items-state, stateCategory: Completed, every: 100ms, timeout: 1m }
`;

jest.setTimeout(20_000);

/** Azure DevOps lists 50 of a build's work items unless asked for more: a gate must see them all. */
describe('work-items-state: builds with many linked work items', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
  });
  afterAll(async () => {
    await h.close();
  });
  const logText = (ids: CheckIds) => (h.plan(ids)?.logs ?? []).map((log) => log.content).join('');

  it('waits for the 60th of 60 linked work items, and approves only once it is done', async () => {
    seedBuild(h.org, 60);
    for (let id = 1; id <= 60; id++) h.org.addWorkItem({ id, project: 'Fabrikam', type: 'User Story', state: id === 60 ? 'Active' : 'Closed' });
    h.org.linkWorkItems(60, Array.from({ length: 60 }, (_, index) => index + 1));

    const ids = await h.requestCheck('stories-done', { buildId: '60' });
    await waitFor(() => (logText(ids).match(/waiting: 59 of 60 linked work items/g)?.length ?? 0) >= 2 || undefined, 'two evaluations waiting for #60');
    expect(logText(ids)).toContain('waiting for #60 (Active)');
    expect(h.plan(ids)?.events ?? []).toEqual([]);

    h.org.setWorkItemState(60, 'Closed');
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
    await h.waitForLog(ids, 'approved: All 60 linked work items are state category Completed');
  });

  it('rejects, saying why, when Azure DevOps lists as many work items as the evaluator asks for (the list may be cut off)', async () => {
    seedBuild(h.org, 61);
    h.org.linkWorkItems(61, Array.from({ length: 1000 }, (_, index) => 10_000 + index));

    const ids = await h.requestCheck('stories-done', { buildId: '61' });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('failed');
    await h.waitForLog(ids, 'rejected: Build 61 has at least 1000 linked work items');
    expect(h.ado.callsMatching('/builds/61/workitems', 'GET')[0].query['$top']).toBe('1000');
    // Nothing was read item by item: the list alone decided.
    expect(h.ado.callsMatching(/workItems\/1\d{4}$/i, 'GET')).toEqual([]);
  });
});
