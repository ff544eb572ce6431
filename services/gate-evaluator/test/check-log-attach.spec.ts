import { waitFor } from '@switchyard/messaging/testing';
import { seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  stories-done: { type: work-items-state, state: Closed, every: 200ms, timeout: 1m }
`;

jest.setTimeout(20_000);

describe("gate evaluator: the check's log on the run page", () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
    seedBuild(h.org, 700);
    h.org.addWorkItem({ id: 70, project: 'Fabrikam', type: 'Bug', state: 'Active' });
    h.org.linkWorkItems(700, [70]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('is attached to the check record even when the first append to it fails', async () => {
    // Every attempt of the first append (AZURE_DEVOPS_MAX_ATTEMPTS=3 in the harness) fails.
    h.ado.inject({ path: /\/logs\/\d+$/, method: 'POST', status: 500, times: 3 });
    // A record not yet marked in progress: the first evaluation that waits marks it so, with a start time.
    const ids = await h.requestCheck('stories-done', { buildId: '700', recordState: null });
    const record = () => h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId);
    const logs = () => h.plan(ids)?.logs ?? [];

    await waitFor(() => (logs()[0]?.content.includes('Evaluation 2: waiting') ? true : undefined), 'the second evaluation in the log');
    expect(h.ado.faults.pending).toBe(0);
    expect(logs()).toHaveLength(1);
    expect(record()).toMatchObject({ log: { id: logs()[0].id }, state: 'inProgress', startTime: expect.any(String) });

    h.org.setWorkItemState(70, 'Closed');
    expect((await h.waitForEvents(ids))[0].result).toBe('succeeded');
    await waitFor(() => (logs()[0].content.includes('approved') ? true : undefined), 'the decision in the log');
    expect(record()).toMatchObject({ log: { id: logs()[0].id }, state: 'completed', result: 'succeeded' });
  });
});
