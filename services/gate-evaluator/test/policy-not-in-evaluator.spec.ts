import { Topics } from '@switchyard/contracts';
import { checkKeyOf } from '@switchyard/gates';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { CMDLINE_TASK, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;

const metricsOf = async (h: EvaluatorHarness) => (await fetch(`${h.evaluator.url}/metrics`)).text();

jest.setTimeout(20_000);

/**
 * The ingress accepts a check for a policy its GATE_POLICIES_FILE has, but the evaluator's file does not:
 * the two run different files during a rollout, or the policy was removed while re-evaluations waited.
 * Waiting cannot help, so the check fails, telling the run why.
 */
describe('gate evaluator: a check for a policy that is not in its GATE_POLICIES_FILE', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
  });
  afterAll(async () => {
    await h.close();
  });

  it('fails the check with exactly one TaskCompleted(failed), saying why in its log and record', async () => {
    const ids = await h.requestCheck('no-such-policy');
    const [event] = await h.waitForEvents(ids);
    expect(event).toEqual({ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'failed' });
    const reason = `Policy "no-such-policy" is not in the gate evaluator's GATE_POLICIES_FILE; add it or fix the check URL`;
    // The log line follows the post: once it is there, the evaluation is over.
    const log = await h.waitForLog(ids, `Evaluation 1: rejected: ${reason}`);
    expect(log).not.toMatch(/waiting|approved/);
    expect(h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId)).toMatchObject({ currentOperation: `Decision: failed (${reason})` });
    // Decided on the first evaluation: nothing scheduled that could post again.
    expect(h.bus.scheduledCount).toBe(0);
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    expect(h.plan(ids)?.events).toHaveLength(1);
  });
});

/**
 * An evaluator started without policies (GATE_POLICIES_FILE unset, or a file with `policies: {}` as the
 * k8s base ships) has no GATE_TOKEN_KEY or ALLOWED_ORG_URLS in use either, so it cannot open a check's
 * token. A check that reaches it anyway (the ingress has policies) is dead-lettered at once with a reason
 * naming GATE_POLICIES_FILE, to be resubmitted once the evaluator is configured; nothing is called.
 */
describe.each([
  ['GATE_POLICIES_FILE unset', { GATE_POLICIES_FILE: undefined }],
  ['GATE_POLICIES_FILE defining no policies', {}],
])('gate evaluator without policies (%s)', (_case, env) => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness('policies: {}\n', env);
  });
  afterAll(async () => {
    await h.close();
  });

  it('dead-letters a check at once as GATES.NOT_CONFIGURED, naming GATE_POLICIES_FILE, and calls nothing', async () => {
    expect(h.evaluator.config.policies.names).toEqual([]);
    const ids = await h.requestCheck('require-cmdline');
    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `check.${checkKeyOf(ids)}` });
    expect(deadLetter).toMatchObject({ reason: 'GATES.NOT_CONFIGURED', deliveryCount: 1 });
    expect(deadLetter.description).toContain('The gate evaluator has no GATE_POLICIES_FILE (so no GATE_TOKEN_KEY / ALLOWED_ORG_URLS); configure it and resubmit this message');
    expect(h.ado.calls).toEqual([]);
    expect(h.plan(ids)?.events ?? []).toEqual([]);
    expect(await metricsOf(h)).toMatch(/^switchyard_gate_unusable_checks_total\{[^}]*code="GATES.NOT_CONFIGURED"[^}]*\} 1$/m);
  });
});
