import { randomUUID } from 'node:crypto';
import { heapHolds } from '@switchyard/azure-devops/test-server';
import { Topics } from '@switchyard/contracts';
import { checkKeyOf } from '@switchyard/gates';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  window: { type: time-window, timezone: UTC }
`;

jest.setTimeout(30_000);

/**
 * A pipeline's AuthToken is a live credential for 48 hours: the evaluator opens it for one message's
 * calls only, and keeps nothing of it once the message is handled (a heap dump taken later has none).
 */
describe('gate evaluator: the AuthToken after its check', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
  });
  afterAll(async () => {
    await h.close();
  });

  it('is not in the process once the check is over', async () => {
    // Only the reversed token is kept here. Azure DevOps refuses it (401), so the test server holds none
    // either; the evaluator still makes every call with it and then dead-letters the decision.
    const reversed = `${randomUUID().replace(/-/g, '')}nekot-enilepip`;
    const ids = await h.requestCheck('window', { token: [...reversed].reverse().join('') });
    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `check.${checkKeyOf(ids)}` });
    expect(deadLetter.reason).toBe('GATE.DECISION_UNDELIVERABLE');
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    h.ado.clearCalls();
    expect(await heapHolds(reversed)).toBe(false);
  });
});
