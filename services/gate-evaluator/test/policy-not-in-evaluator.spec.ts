import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics } from '@switchyard/contracts';
import { checkKeyOf } from '@switchyard/gates';
import { overrideBus, type Bus } from '@switchyard/messaging';
import { waitFor, waitForDeadLetter } from '@switchyard/messaging/testing';
import { AUTH_TOKEN, CMDLINE_TASK, startEvaluatorHarness, type CheckIds, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;

const metricsOf = async (h: EvaluatorHarness) => (await fetch(`${h.evaluator.url}/metrics`)).text();

/** The evaluator's warnings that it left the check to a later delivery, as logged. */
const waitsFor = (h: EvaluatorHarness, ids: CheckIds) =>
  h.logLines
    .map((line) => JSON.parse(line) as { level: unknown; msg: string; planId?: string; policy?: string; deliveryCount?: number })
    .filter((line) => line.planId === ids.planId && line.msg.includes("is not in this gate evaluator's GATE_POLICIES_FILE"));

const expectNoToken = (h: EvaluatorHarness) => {
  const text = [...h.logLines, ...h.busTraffic].join('\n');
  for (const form of [AUTH_TOKEN, 'pipeline-access-token-valid-48h']) expect(text).not.toContain(form);
};

jest.setTimeout(20_000);

/**
 * The ingress accepts a check for a policy its GATE_POLICIES_FILE has, but the evaluator's file does not:
 * the two run different files during a rollout, or the policy was removed while re-evaluations waited.
 * A later delivery may reach a replica that has the policy; the last one fails the check, telling the run why.
 */
describe('gate evaluator: a check for a policy that is not in its GATE_POLICIES_FILE', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    // createTestBus: 3 deliveries.
    h = await startEvaluatorHarness(policies);
  });
  afterAll(async () => {
    await h.close();
  });

  it('waits for the later deliveries, then fails the check on the last with exactly one TaskCompleted(failed), saying why', async () => {
    const ids = await h.requestCheck('no-such-policy');
    const [event] = await h.waitForEvents(ids);
    expect(event).toEqual({ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'failed' });
    const reason = `Policy "no-such-policy" is not in the gate evaluator's GATE_POLICIES_FILE; add it or fix the check URL`;
    // The log line follows the post: once it is there, the evaluation is over.
    const log = await h.waitForLog(ids, `Evaluation 1: rejected: ${reason}`);
    expect(log).not.toMatch(/waiting|approved/);
    expect(h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId)).toMatchObject({ currentOperation: `Decision: failed (${reason})` });
    // Deliveries 1 and 2 waited, each said so at warn with the policy; the third, the last, decided.
    expect(waitsFor(h, ids).map(({ level, policy, deliveryCount }) => ({ level, policy, deliveryCount }))).toEqual([
      { level: 'warn', policy: 'no-such-policy', deliveryCount: 1 },
      { level: 'warn', policy: 'no-such-policy', deliveryCount: 2 },
    ]);
    expect(await metricsOf(h)).toMatch(/^switchyard_gate_evaluations_total\{[^}]*policy="no-such-policy"[^}]*outcome="policy-not-loaded"[^}]*\} 2$/m);
    // Decided on the first evaluation, and the message completed: nothing scheduled or dead-lettered that could post again.
    await waitFor(() => h.bus.backlog(Topics.checks, 'gate-evaluator') === 0 || undefined, 'the check message to be settled');
    expect(h.bus.scheduledCount).toBe(0);
    expect(await h.bus.deadLetters(Topics.checks, 'gate-evaluator').list()).toEqual([]);
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    expect(h.plan(ids)?.events).toHaveLength(1);
    expectNoToken(h);
  });
});

/**
 * A bus backend that does not say its subscription's maxDeliveryCount gives no later delivery to count
 * on: waiting for another replica could end in a dead letter and a check without any decision.
 */
describe('gate evaluator: a check for a policy it lacks, on a bus that does not say its maxDeliveryCount', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies, {}, undefined, { wrapBus: withoutMaxDeliveryCount });
  });
  afterAll(async () => {
    await h.close();
  });

  it('fails the check on its first delivery, with exactly one TaskCompleted(failed), rather than waiting for a later one', async () => {
    const ids = await h.requestCheck('no-such-policy');
    const [event] = await h.waitForEvents(ids);
    expect(event).toEqual({ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'failed' });
    await h.waitForLog(ids, `Evaluation 1: rejected: Policy "no-such-policy" is not in the gate evaluator's GATE_POLICIES_FILE`);
    expect(waitsFor(h, ids)).toEqual([]);
    expect(await h.bus.deadLetters(Topics.checks, 'gate-evaluator').list()).toEqual([]);
    expect(h.plan(ids)?.events).toHaveLength(1);
  });
});

/** The bus as a replica sees it when the backend leaves maxDeliveryCount out of its messages. */
function withoutMaxDeliveryCount(bus: Bus): Bus {
  return overrideBus(bus, {
    // The bus belongs to the harness.
    close: async () => undefined,
    receive: (options, process) =>
      bus.receive(options, (message) => {
        const stripped = { ...message };
        delete stripped.maxDeliveryCount;
        return process(stripped);
      }),
  });
}

/**
 * A policy is added: the ingress and the evaluator Deployments roll independently, one pod at a time. An
 * updated ingress pod accepts the check while a replica still runs the old file and takes the message.
 */
describe('gate evaluator: a check for a new policy during a rollout of the policies file', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gate-rollout-')), 'gates.yaml');
    writeFileSync(file, policies);
    // The subscription's 10 deliveries, as in production.
    h = await startEvaluatorHarness(policies, { GATE_POLICIES_FILE: file }, undefined, { busOptions: { maxDeliveryCount: 10 } });
    writeFileSync(file, `${policies}  manual-only: { type: build-reason, allowed: [Manual] }\n`);
    await h.startReplica();
  });
  afterAll(async () => {
    await h.close();
  });

  it('leaves the check to the updated replica, which approves it with exactly one TaskCompleted', async () => {
    expect(h.evaluator.config.policies.get('manual-only')).toBeUndefined();
    const ids = await h.requestCheck('manual-only', { headers: { buildreason: 'Manual' } });
    const [event] = await h.waitForEvents(ids);
    expect(event).toEqual({ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'succeeded' });
    const log = await h.waitForLog(ids, 'Evaluation 1: approved: Build reason Manual is allowed');
    expect(log).not.toMatch(/rejected|waiting|GATE_POLICIES_FILE/);
    // The old replica took the check and waited, rather than failing it; the delivery that reached the
    // updated one evaluated it as the first evaluation (the wait did nothing to hand over from).
    expect(waitsFor(h, ids).length).toBeGreaterThanOrEqual(1);
    expect(h.logLines.filter((line) => line.includes(ids.planId) && line.includes('handing over'))).toEqual([]);
    expect(await metricsOf(h)).toMatch(/^switchyard_gate_evaluations_total\{[^}]*policy="manual-only"[^}]*outcome="policy-not-loaded"[^}]*\} [1-9]\d*$/m);
    // Settled: nothing left on the bus, nothing dead-lettered, that could post a second decision.
    await waitFor(() => (h.bus.scheduledCount === 0 && h.bus.backlog(Topics.checks, 'gate-evaluator') === 0) || undefined, 'no check message left on the bus');
    expect(await h.bus.deadLetters(Topics.checks, 'gate-evaluator').list()).toEqual([]);
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    expect(h.plan(ids)?.events).toHaveLength(1);
    expectNoToken(h);
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
