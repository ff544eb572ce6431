import { CMDLINE_TASK, seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;

jest.setTimeout(20_000);

describe('gate evaluator: decisions stay inside the message lock', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    // A 400 ms share of the lock stands in for the 20 s one, so a slow answer can outlast it quickly.
    h = await startEvaluatorHarness(policies, { GATE_DECISION_DEADLINE_MS: '400' });
    seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('does not post a decision that is ready after the deadline: a decision retry posts it once, without evaluating again', async () => {
    h.ado.inject({ path: '/timeline', method: 'GET', delayMs: 700, times: 1 });
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });

    const [event] = await h.waitForEvents(ids);
    expect(event).toMatchObject({ name: 'TaskCompleted', result: 'succeeded' });
    // Give a late first run the time to post too, if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    // Evaluated once: the decision, not the evaluation, went to the next message.
    expect(h.ado.callsMatching('/builds/100/timeline', 'GET')).toHaveLength(1);
    expect(h.logLines.some((line) => line.includes('decision ready after the lock budget') && line.includes(ids.planId))).toBe(true);
    expect(await h.waitForLog(ids, 'approved')).toMatch(/could not be posted yet \(attempt 1 of 3: GATE.LOCK_BUDGET_EXCEEDED: .*\n.*Evaluation 1: approved: .*\(decision delivered on attempt 2\)/);
  });
});
