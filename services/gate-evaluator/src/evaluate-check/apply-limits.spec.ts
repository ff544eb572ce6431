import { createPolicyRegistry, loadGatePolicies, pass, wait, fail } from '@switchyard/gates';
import { applyLimits } from './apply-limits';

const policy = loadGatePolicies('policies:\n  p: { type: coverage, minimum: 1, every: 1m, timeout: 5m, maxEvaluations: 4 }\n', { registry: createPolicyRegistry() }).get('p')!;
const requestedAt = '2026-11-21T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(requestedAt) + minutes * 60_000);

describe('applyLimits', () => {
  it('decides on pass and fail', () => {
    expect(applyLimits(policy, { requestedAt, evaluation: 1 }, pass('ok'), at(0))).toEqual({ kind: 'decide', result: 'succeeded', reason: 'ok' });
    expect(applyLimits(policy, { requestedAt, evaluation: 1 }, fail('no'), at(0))).toEqual({ kind: 'decide', result: 'failed', reason: 'no' });
  });

  it('schedules the next evaluation one interval later, carrying the policy state', () => {
    expect(applyLimits(policy, { requestedAt, evaluation: 1 }, wait('not yet', { n: 1 }), at(0))).toEqual({ kind: 'again', at: at(1), reason: 'not yet', state: { n: 1 } });
  });

  it('puts the last evaluation on the deadline, and fails there with the reason', () => {
    expect(applyLimits(policy, { requestedAt, evaluation: 2 }, wait('not yet'), at(4.5))).toMatchObject({ kind: 'again', at: at(5) });
    expect(applyLimits(policy, { requestedAt, evaluation: 3 }, wait('2 of 3 done'), at(5))).toEqual({
      kind: 'decide',
      result: 'failed',
      reason: "Timed out: not approved within the policy's timeout of 5m (3 evaluations). Last: 2 of 3 done",
    });
  });

  it('fails at the evaluation cap', () => {
    expect(applyLimits(policy, { requestedAt, evaluation: 4 }, wait('still'), at(3))).toMatchObject({ kind: 'decide', result: 'failed', reason: expect.stringMatching(/^Gave up after 4 evaluations/) });
  });
});
