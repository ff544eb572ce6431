import { addHeaderAdvice, checkHeaderVariables } from '../../check/check-headers';
import type { CheckFacts, PolicyContext } from '../../policy/gate-policy.port';
import type { AzureDevOpsReads } from '../../policy/policy-reads.port';

/** The build a check is about, from its BuildId header; undefined when it is missing or not a number. */
export function buildIdOf(check: CheckFacts): number | undefined {
  const text = check.buildId ?? check.headers['buildid'];
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

export const missingBuildIdReason = `Header BuildId is missing or not a number; ${addHeaderAdvice('BuildId', checkHeaderVariables.BuildId)}`;

/** Azure DevOps access for policies that need it; only the gate evaluator provides it. */
export function readsOf(context: PolicyContext, policyType: string): AzureDevOpsReads {
  if (!context.azureDevOps) throw new Error(`Policy type ${policyType} reads Azure DevOps and cannot be evaluated in sync mode`);
  return context.azureDevOps;
}
