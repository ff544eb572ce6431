import { Topics } from '@switchyard/contracts';
import { checkKeyOf, generateTokenKey, tokenKeyRingFromEnv } from '@switchyard/gates';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { AUTH_TOKEN, CMDLINE_TASK, seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;

jest.setTimeout(20_000);

/**
 * The ingress seals the AuthToken with its GATE_TOKEN_KEY; the evaluator opens it with its own key or
 * one of GATE_TOKEN_PREVIOUS_KEYS. A token sealed with any other key (the two were given different keys,
 * or a rotation dropped the old key while checks sealed with it were still waiting) can never open:
 * the message is dead-lettered on its first delivery, with the key to add, and nothing is called.
 */
describe('gate evaluator: AuthTokens sealed with another key', () => {
  const previousKey = generateTokenKey();
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies, { GATE_TOKEN_PREVIOUS_KEYS: previousKey });
    seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('a key neither current nor previous: dead-lettered at once as GATES.TOKEN_UNREADABLE, counted, nothing called', async () => {
    const otherKey = generateTokenKey();
    const before = h.ado.calls.length;
    const ids = await h.requestCheck('require-cmdline', { buildId: '100', sealedWith: otherKey });
    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `check.${checkKeyOf(ids)}` });
    expect(deadLetter).toMatchObject({ reason: 'GATES.TOKEN_UNREADABLE', deliveryCount: 1 });
    expect(deadLetter.description).toContain(
      `The AuthToken was sealed with key ${tokenKeyRingFromEnv({ GATE_TOKEN_KEY: otherKey }).current.id}, which is neither GATE_TOKEN_KEY nor in GATE_TOKEN_PREVIOUS_KEYS; ` +
        'add the old key to GATE_TOKEN_PREVIOUS_KEYS after a rotation',
    );
    expect(h.ado.calls.length).toBe(before);
    expect(h.plan(ids)?.events ?? []).toEqual([]);
    const metrics = await (await fetch(`${h.evaluator.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_gate_unusable_checks_total\{[^}]*code="GATES.TOKEN_UNREADABLE"[^}]*\} 1$/m);
    for (const form of [AUTH_TOKEN, 'pipeline-access-token-valid-48h']) expect(JSON.stringify(deadLetter) + h.logLines.join('\n') + metrics).not.toContain(form);
  });

  it('a key in GATE_TOKEN_PREVIOUS_KEYS (a rotation that kept the old key): the token opens and the check is decided', async () => {
    const ids = await h.requestCheck('require-cmdline', { buildId: '100', sealedWith: previousKey });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')[0].headers.authorization).toBe(`Bearer ${AUTH_TOKEN}`);
  });
});
