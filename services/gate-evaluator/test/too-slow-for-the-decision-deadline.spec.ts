import { Topics } from '@switchyard/contracts';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { CMDLINE_TASK, seedBuild, startEvaluatorHarness, type CheckIds, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK}, every: 1s, timeout: 8s }
`;

const cmdLine = (state: string, result?: string) => ({ type: 'Task', name: 'CmdLine', state, result, task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } });
const keyOf = (ids: CheckIds) => `${ids.planId}.${ids.jobId}.${ids.taskInstanceId}`.toLowerCase();

jest.setTimeout(60_000);

/**
 * Azure DevOps answering every call in 1.1 s, while a message's handler may post only within 2 s (scaled
 * down from 20 s in a 60 s lock): an evaluation's reads (the check's record, then the build's timeline)
 * already take longer, so no evaluation can post its own decision. A decision retry, which reads only
 * the record, posts it; the policy's timeout still ends a check that waits; and a decision that stays
 * too late on every attempt (a release gate's retry also reads the plan) is dead-lettered with the reason.
 */
describe('gate evaluator: Azure DevOps too slow to post inside the decision deadline', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies, { GATE_DECISION_DEADLINE_MS: '2000' }, undefined, { busOptions: { lockDurationMs: 15_000 } });
    seedBuild(h.org, 100, [cmdLine('completed', 'succeeded')]);
    seedBuild(h.org, 200, [cmdLine('inProgress')]);
    // A running evaluator knows the organization's API locations already (they are cached per organization).
    const warmUp = await h.requestCheck('require-cmdline', { buildId: '100' });
    await h.waitForEvents(warmUp);
    h.ado.inject({ path: /\/_apis\//, delayMs: 1_100, times: 100_000 });
  });
  afterAll(async () => {
    await h.close();
  });

  it("posts the policy's decision through a decision retry, without evaluating again, and ends a waiting check at its timeout", async () => {
    const [passing, waiting, gate] = await Promise.all([
      h.requestCheck('require-cmdline', { buildId: '100' }),
      h.requestCheck('require-cmdline', { buildId: '200' }),
      h.requestCheck('require-cmdline', { buildId: '100', hubName: 'gates' }),
    ]);

    const [approved] = await h.waitForEvents(passing, 1, 20_000);
    expect(approved).toMatchObject({ name: 'TaskCompleted', result: 'succeeded' });
    const log = await h.waitForLog(passing, 'Evaluation 1: approved: ');
    expect(log).toContain('Evaluation 1: the policy passed');
    expect(log).toContain('but the decision could not be posted yet (attempt 1 of 3: GATE.LOCK_BUDGET_EXCEEDED: The evaluation took too long');
    expect(log).toMatch(/Evaluation 1: approved: .*\(decision delivered on attempt 2\)/);

    const [timedOut] = await h.waitForEvents(waiting, 1, 30_000);
    expect(timedOut).toMatchObject({ name: 'TaskCompleted', result: 'failed' });
    await h.waitForLog(waiting, /rejected: Timed out: not approved within the policy's timeout of 8s/);

    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `decide.${keyOf(gate)}.3`, timeoutMs: 30_000 });
    expect(deadLetter.reason).toBe('GATE.DECISION_UNDELIVERABLE');
    expect(deadLetter.description).toMatch(/TaskCompleted\(succeeded\) .* could not be posted after 3 attempt\(s\): GATE.LOCK_BUDGET_EXCEEDED: The evaluation took too long/);
    expect(h.plan(gate)?.events).toEqual([]);
    await h.waitForLog(gate, 'Could not deliver the decision (succeeded), attempt 3 of 3: GATE.LOCK_BUDGET_EXCEEDED');

    // One decision each, and the passing check's build was read by its one evaluation only.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(h.ado.callsMatching(`/plans/${passing.planId}/events`, 'POST')).toHaveLength(1);
    expect(h.ado.callsMatching(`/plans/${waiting.planId}/events`, 'POST')).toHaveLength(1);
    expect(h.logLines.filter((line) => line.includes('"check evaluated"') && line.includes(passing.planId))).toHaveLength(1);
  });
});
