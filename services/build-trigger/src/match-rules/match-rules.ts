import type { CompiledRules, CompiledTarget } from '../rules/compiled-rule';
import { organizationKey } from '../rules/organization-url';
import { evaluateRule, type RuleEvaluation } from './evaluate-rule';
import { mergeKeyOf } from './merge-identity';
import type { PlannedBuild } from './planned-build';
import type { PullRequestTrigger } from './pull-request-trigger';
import { renderTemplate } from './template-variables';

export const defaultTokenVariable = 'AZURE_DEVOPS_TOKEN';

export interface MatchResult {
  evaluations: RuleEvaluation[];
  builds: PlannedBuild[];
}

/** Every rule evaluated against the event, and the builds the matching ones ask for. */
export function matchRules(rules: CompiledRules, trigger: PullRequestTrigger): MatchResult {
  const evaluations = rules.rules.map((rule) => evaluateRule(rule, trigger));
  const builds = evaluations
    .filter((evaluation) => evaluation.matched)
    .flatMap((evaluation) => evaluation.rule.targets.map((target) => matchTarget(rules, evaluation.rule.name, target, trigger)));
  return { evaluations, builds };
}

/** The build one target of a matching rule asks for, resolved from the event. */
export function matchTarget(rules: CompiledRules, ruleName: string, target: CompiledTarget, trigger: PullRequestTrigger): PlannedBuild {
  const organizationUrl = target.organization ?? trigger.pullRequest.organizationUrl;
  const parameters: Record<string, string> = {};
  const missing = new Set<string>();
  for (const [name, template] of Object.entries(target.parameters)) {
    const rendered = renderTemplate(template, { eventId: trigger.eventId, time: trigger.time, pullRequest: trigger.pullRequest });
    parameters[name] = rendered.value;
    rendered.missing.forEach((variable) => missing.add(`${name} needs \${${variable}}`));
  }
  const tokenVariable =
    target.tokenVariable ?? (organizationUrl && rules.organizationTokens.get(organizationKey(organizationUrl))) ?? defaultTokenVariable;
  const placeKey = [
    organizationUrl ? organizationKey(organizationUrl) : '',
    target.project.toLowerCase(),
    String(target.definition).toLowerCase(),
    (target.sourceBranch ?? '').toLowerCase(),
  ].join('|');
  // The target as written (parameter templates, not their values), so that every merge of a window
  // maps to the same key, and two targets of one rule that differ only in parameters get a build each.
  // Without parameters the key is the place alone, as it was before parameters were part of it.
  const parameterEntries = Object.entries(target.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const targetKey = parameterEntries.length > 0 ? `${placeKey}|${JSON.stringify(parameterEntries)}` : placeKey;
  const mergeKey = mergeKeyOf(trigger.pullRequest, trigger.pullRequest.organizationUrl, trigger.eventId);
  const problem = !organizationUrl
    ? 'the event does not say which organization it came from; set `organization` on this target'
    : missing.size > 0
      ? `the event lacks values for template parameters (${[...missing].join(', ')})`
      : undefined;
  return {
    ruleName,
    target,
    organizationUrl,
    project: target.project,
    definition: target.definition,
    sourceBranch: target.sourceBranch,
    parameters,
    tokenVariable,
    coalesceSeconds: target.coalesceSeconds,
    targetKey,
    placeKey,
    mergeKey,
    ...(problem !== undefined && { problem }),
  };
}
