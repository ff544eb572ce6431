import { AzureDevOpsError, AzureDevOpsErrorCodes } from '@switchyard/azure-devops';
import type { ConfiguredPolicy } from '@switchyard/gates';
import { evaluatePolicy } from './evaluate-policy';

const TOKEN = 'live-token-0123456789abcdef';
const facts = { policy: 'p', headers: {}, evaluation: 1, state: {} };

/** A configured policy whose evaluation throws `error`. */
const throwing = (error: unknown): ConfiguredPolicy => ({
  name: 'p',
  type: 'test',
  sync: false,
  everyMs: 60_000,
  timeoutMs: 3_600_000,
  maxEvaluations: 61,
  policy: {
    requiredHeaders: [],
    evaluate: async () => {
      throw error;
    },
  },
});

const evaluate = (error: unknown) => evaluatePolicy(throwing(error), facts, { now: new Date() }, [TOKEN]);

describe('evaluatePolicy when the policy throws', () => {
  it('fails the check when Azure DevOps refuses a read for good, naming the code', async () => {
    const verdict = await evaluate(new AzureDevOpsError(AzureDevOpsErrorCodes.FORBIDDEN, 'GET …/timeline answered 403'));
    expect(verdict).toEqual({ outcome: 'fail', reason: 'Azure DevOps refused a request the policy needs (AZURE_DEVOPS.FORBIDDEN): GET …/timeline answered 403' });
  });

  it('waits (never decides) while Azure DevOps is unavailable', async () => {
    const verdict = await evaluate(new AzureDevOpsError(AzureDevOpsErrorCodes.UNAVAILABLE, 'GET …/timeline answered 503'));
    expect(verdict).toEqual({ outcome: 'wait', reason: 'Azure DevOps is unavailable for now (AZURE_DEVOPS.UNAVAILABLE): GET …/timeline answered 503' });
  });

  it('waits on anything unexpected: an evaluation that broke never approves (nor rejects) the check', async () => {
    const verdict = await evaluate(new TypeError("Cannot read properties of undefined (reading 'fields')"));
    expect(verdict).toEqual({ outcome: 'wait', reason: "The evaluation failed: Cannot read properties of undefined (reading 'fields')" });
  });

  it('keeps the AuthToken out of the reason, which reaches the run log, events and service logs', async () => {
    for (const error of [new Error(`proxy echoed Bearer ${TOKEN}`), new AzureDevOpsError(AzureDevOpsErrorCodes.NOT_FOUND, `not found (${TOKEN})`)]) {
      const verdict = await evaluate(error);
      expect(verdict.reason).not.toContain(TOKEN);
      expect(verdict.reason).toContain('***');
    }
  });
});
