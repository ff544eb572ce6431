import { ProblemError } from '../../problem/problem.error';
import { missingHeaderIssue } from './missing-header-issue';

/**
 * Answers 400 when a check call's headers are missing or malformed, naming everything to fix in one
 * answer: Azure Pipelines calls a check again only when the stage is re-run. `lacking` starts the
 * detail when headers are missing, e.g. `The check call lacks header(s) PlanId`.
 */
export function refuseHeaderProblems(missing: readonly string[], issues: readonly string[], lacking: string): void {
  if (missing.length > 0) {
    const malformed = issues.length > 0 ? ' and correct the malformed one(s) as issues say' : '';
    throw new ProblemError(
      400,
      'CHECK_HEADERS_MISSING',
      'Bad Request',
      `${lacking}; add them to the check's Headers${malformed} (see docs/gate-evaluator.md).`,
      { issues: [...missing.map(missingHeaderIssue), ...issues] },
    );
  }
  if (issues.length > 0) {
    throw new ProblemError(400, 'CHECK_HEADERS_INVALID', 'Bad Request', `The check call has malformed header(s); see issues.`, { issues: [...issues] });
  }
}
