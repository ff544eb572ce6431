import type { CheckEvaluationData } from '@switchyard/contracts';
import { formatDuration, type ConfiguredPolicy, type Verdict } from '@switchyard/gates';

/** What happens after an evaluation: a final decision, or another evaluation at `at`. */
export type Next =
  | { kind: 'decide'; result: 'succeeded' | 'failed'; reason: string }
  | { kind: 'again'; at: Date; reason: string; state?: Record<string, unknown> };

/**
 * Turns a verdict into the next step, enforcing the policy's timeout (counted from the check call)
 * and evaluation cap: a check still waiting at its deadline or last evaluation fails, with the reason.
 */
export function applyLimits(policy: ConfiguredPolicy, check: Pick<CheckEvaluationData, 'requestedAt' | 'evaluation'>, verdict: Verdict, now: Date): Next {
  if (verdict.outcome === 'pass') return { kind: 'decide', result: 'succeeded', reason: verdict.reason };
  if (verdict.outcome === 'fail') return { kind: 'decide', result: 'failed', reason: verdict.reason };
  const deadline = Date.parse(check.requestedAt) + policy.timeoutMs;
  if (now.getTime() >= deadline) {
    return {
      kind: 'decide',
      result: 'failed',
      reason: `Timed out: not approved within the policy's timeout of ${formatDuration(policy.timeoutMs)} (${check.evaluation} evaluations). Last: ${verdict.reason}`,
    };
  }
  if (check.evaluation >= policy.maxEvaluations) {
    return {
      kind: 'decide',
      result: 'failed',
      reason: `Gave up after ${check.evaluation} evaluations (the policy's limit). Last: ${verdict.reason}`,
    };
  }
  // The last evaluation lands on the deadline itself, so a timeout is reported on time.
  const at = new Date(Math.min(now.getTime() + policy.everyMs, deadline));
  return { kind: 'again', at, reason: verdict.reason, state: verdict.state };
}
