import { waitFor } from '@switchyard/messaging/testing';
import { CMDLINE_TASK, seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

jest.setTimeout(20_000);

// A decision retry scheduled before the Retry-After of a throttled post meets the throttle again and
// uses up one of its few attempts.
describe('a decision Azure DevOps throttles with a Retry-After beyond the client retry budget', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    // Retries 4 s, then 8 s apart: a Retry-After up to 8 s is honoured.
    h = await startEvaluatorHarness(`policies:\n  cmd: { type: required-task, taskId: ${CMDLINE_TASK} }\n`, { GATE_DECISION_RETRY_DELAY: '4s', GATE_DECISION_ATTEMPTS: '3' });
    seedBuild(h.org, 1, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('schedules the next attempt no earlier than Azure DevOps asked', async () => {
    // 7 s: more than the evaluator lets the client wait (5 s), so the client gives up at once.
    h.ado.inject({ path: '/events', method: 'POST', status: 429, retryAfter: 7 });
    const ids = await h.requestCheck('cmd', { buildId: '1' });
    const log = await h.waitForLog(ids, /could not be posted yet \(attempt 1 of 3: AZURE_DEVOPS\.THROTTLED[^\n]*; next attempt at \S+\n/);
    const [, writtenAt, nextAt] = /^(\S+) Evaluation 1: the policy passed .*; next attempt at (\S+)$/m.exec(log) ?? [];
    expect(Date.parse(nextAt) - Date.parse(writtenAt)).toBeGreaterThanOrEqual(6_900);
    const retrying = await waitFor(() => h.logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'decision not delivered yet; retrying later'), 'the retry to be logged');
    expect(retrying.retryInMs).toBeGreaterThanOrEqual(7_000);
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
  });
});
