import { seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  stories-done: { type: work-items-state, stateCategory: Completed, every: 100ms, timeout: 1m }
`;

jest.setTimeout(40_000);

/**
 * Azure DevOps answering every call in 1.1 s is slow but healthy: the decision must still be posted
 * inside the decision deadline, and the log says "approved" once, after the post. Scaled down from
 * production: a 5 s deadline in a 15 s message lock (20 s in 60 s).
 */
describe('gate evaluator: Azure DevOps slow but healthy', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies, { GATE_DECISION_DEADLINE_MS: '5000' }, undefined, { busOptions: { lockDurationMs: 15_000 } });
    seedBuild(h.org, 500);
    h.org.addWorkItem({ id: 1, project: 'Fabrikam', type: 'User Story', state: 'Closed' });
    h.org.addWorkItem({ id: 2, project: 'Fabrikam', type: 'Bug', state: 'Closed' });
    h.org.linkWorkItems(500, [1, 2]);
    // A running evaluator knows the organization's API locations already (they are cached per organization).
    const warmUp = await h.requestCheck('stories-done', { buildId: '500' });
    await h.waitForLog(warmUp, 'approved');
  });
  afterAll(async () => {
    await h.close();
  });

  it('posts the decision within the deadline, once, and logs "approved" only for the decision it posted', async () => {
    h.ado.inject({ path: /\/_apis\//, delayMs: 1_100, times: 100_000 });
    const ids = await h.requestCheck('stories-done', { buildId: '500' });

    const [event] = await h.waitForEvents(ids, 1, 20_000);
    expect(event).toMatchObject({ name: 'TaskCompleted', result: 'succeeded' });
    // Posted by the first delivery, inside its 5 s: no abandoned run, no hand-over to evaluation 2.
    const log = await h.waitForLog(ids, 'Evaluation 1: approved: All 2 linked work items are state category Completed');
    expect(log.match(/approved/g)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // time for a second post, or more log lines, if anything were to make them
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    expect((h.plan(ids)?.logs ?? []).map((entry) => entry.content).join('').match(/approved/g)).toHaveLength(1);
    expect(h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId)).toMatchObject({ currentOperation: expect.stringContaining('Decision: succeeded') });
    expect(h.logLines.some((line) => line.includes('decision ready after the lock budget') && line.includes(ids.planId))).toBe(false);
  });
});
