/**
 * What one evaluation concluded. `pass` and `fail` are final; `wait` means "not yet": the evaluator
 * tries again at the policy's interval (and a sync call answers `rejected`, which Azure Pipelines
 * re-asks at the check's own interval).
 */
export type Verdict =
  | { readonly outcome: 'pass'; readonly reason: string }
  | { readonly outcome: 'fail'; readonly reason: string }
  | { readonly outcome: 'wait'; readonly reason: string; readonly state?: Record<string, unknown> };

export const pass = (reason: string): Verdict => ({ outcome: 'pass', reason });
export const fail = (reason: string): Verdict => ({ outcome: 'fail', reason });
export const wait = (reason: string, state?: Record<string, unknown>): Verdict => ({ outcome: 'wait', reason, ...(state && { state }) });
