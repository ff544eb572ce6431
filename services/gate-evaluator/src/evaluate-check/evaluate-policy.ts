import { isAzureDevOpsError, redactSecrets } from '@switchyard/azure-devops';
import { fail, wait, type CheckFacts, type ConfiguredPolicy, type PolicyContext, type Verdict } from '@switchyard/gates';

/**
 * Runs a policy, turning failures into verdicts: Azure DevOps refusing for good (not found, forbidden)
 * fails the check with the reason; an outage or anything unexpected waits for the next evaluation.
 */
export async function evaluatePolicy(policy: ConfiguredPolicy, facts: CheckFacts, context: PolicyContext, secrets: readonly string[]): Promise<Verdict> {
  try {
    return await policy.policy.evaluate(facts, context);
  } catch (error) {
    const message = redactSecrets(String((error as Error)?.message ?? error), secrets);
    if (isAzureDevOpsError(error) && !error.retryable) return fail(`Azure DevOps refused a request the policy needs (${error.code}): ${message}`);
    if (isAzureDevOpsError(error)) return wait(`Azure DevOps is unavailable for now (${error.code}): ${message}`);
    return wait(`The evaluation failed: ${message}`);
  }
}
