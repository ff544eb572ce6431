import type { CheckEvaluationData } from '@switchyard/contracts';

/** A decision taken but not yet delivered, carried in the check message's state between attempts. */
export interface PendingDecision {
  result: 'succeeded' | 'failed';
  reason: string;
  /** 1-based delivery attempt this message makes. */
  attempt: number;
  /** Lines for the check's log that late attempts left to this one to write (before its own). */
  unshown?: string[];
}

const KEY = 'decision';

export function pendingDecisionOf(check: CheckEvaluationData): PendingDecision | undefined {
  const value = check.state?.[KEY] as Partial<PendingDecision> | undefined;
  if (!value || (value.result !== 'succeeded' && value.result !== 'failed') || typeof value.reason !== 'string') return undefined;
  const unshown = Array.isArray(value.unshown) ? value.unshown.filter((line): line is string => typeof line === 'string') : [];
  return { result: value.result, reason: value.reason, attempt: Number(value.attempt) || 1, ...(unshown.length > 0 && { unshown }) };
}

export function withPendingDecision(check: CheckEvaluationData, decision: PendingDecision): CheckEvaluationData['state'] {
  return { ...check.state, [KEY]: decision };
}

/** The policy's own state inside the message state (kept apart from the evaluator's bookkeeping). */
export function policyStateOf(check: CheckEvaluationData): Record<string, unknown> {
  const value = check.state?.['policy'];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
