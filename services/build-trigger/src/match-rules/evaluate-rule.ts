import type { CompiledRule } from '../rules/compiled-rule';
import { organizationKey } from '../rules/organization-url';
import type { PullRequestTrigger } from './pull-request-trigger';

/** One condition of a rule against one event, with both sides shown (explain prints these). */
export interface ConditionResult {
  condition: 'event' | 'repository' | 'targetBranch' | 'status' | 'mergeStatus' | 'project' | 'organization';
  expected: string;
  actual: string | undefined;
  ok: boolean;
}

export interface RuleEvaluation {
  rule: CompiledRule;
  matched: boolean;
  conditions: ConditionResult[];
}

const sameText = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Checks every condition (not just up to the first failure) so explain can say all that is off. */
export function evaluateRule(rule: CompiledRule, trigger: PullRequestTrigger): RuleEvaluation {
  const { when } = rule;
  const pr = trigger.pullRequest;
  const conditions: ConditionResult[] = [{ condition: 'event', expected: when.event, actual: trigger.name, ok: when.event === trigger.name }];
  if (when.repository) {
    const name = pr.repository.name;
    conditions.push({ condition: 'repository', expected: `/${when.repository.source}/`, actual: name, ok: when.repository.test(name) });
  }
  if (when.targetBranch) {
    const ref = pr.targetRefName;
    conditions.push({ condition: 'targetBranch', expected: when.targetBranch.pattern, actual: ref, ok: ref !== undefined && when.targetBranch.regex.test(ref) });
  }
  if (when.status !== undefined) {
    conditions.push({ condition: 'status', expected: when.status, actual: pr.status, ok: sameText(pr.status, when.status) });
  }
  if (when.mergeStatus !== undefined) {
    conditions.push({ condition: 'mergeStatus', expected: when.mergeStatus, actual: pr.mergeStatus, ok: sameText(pr.mergeStatus, when.mergeStatus) });
  }
  if (when.project !== undefined) {
    const { name, id } = pr.project;
    conditions.push({
      condition: 'project',
      expected: when.project,
      actual: name ?? id,
      ok: sameText(name, when.project) || sameText(id, when.project),
    });
  }
  if (when.organization !== undefined) {
    const { urls, keys } = when.organization;
    const actual = pr.organizationUrl;
    conditions.push({
      condition: 'organization',
      expected: `${urls.length > 1 ? 'one of ' : ''}${urls.join(', ')}`,
      actual,
      // An event that names no organization could be from any: it never matches a rule that names one.
      ok: actual !== undefined && URL.canParse(actual) && keys.has(organizationKey(actual)),
    });
  }
  return { rule, matched: conditions.every((c) => c.ok), conditions };
}
