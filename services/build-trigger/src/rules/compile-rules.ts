import type { Document, LineCounter } from 'yaml';
import { isKnownTemplateVariable, templateVariableNames, templateVariablesIn } from '../match-rules/template-variables';
import { compileBranchPattern, toRefName } from './branch-pattern';
import type { CompiledRule, CompiledRules, CompiledTarget } from './compiled-rule';
import { formatPath, positionOf, type DocumentPath } from './document-positions';
import { normalizeOrganizationUrl, organizationKey } from './organization-url';
import type { RulesProblem } from './rules-file.error';
import type { RuleDefinition, RulesFile, TargetDefinition } from './rules-file.schema';

interface CompileContext {
  document: Document;
  lineCounter: LineCounter;
  problems: RulesProblem[];
}

/** Turns a schema-valid file into matchers, reporting what only compilation can find (bad regexes, unknown variables, duplicates). */
export function compileRules(file: string, parsed: RulesFile, context: CompileContext): CompiledRules {
  const problem = (path: DocumentPath, message: string) =>
    context.problems.push({ ...positionOf(context.document, context.lineCounter, path), path: formatPath(path), message });
  const line = (path: DocumentPath) => positionOf(context.document, context.lineCounter, path).line;

  const seen = new Map<string, number>();
  const rules = parsed.rules.map((rule, index): CompiledRule => {
    const path = ['rules', index];
    const first = seen.get(rule.name);
    if (first !== undefined) problem([...path, 'name'], `duplicate rule name "${rule.name}" (also rules[${first}]); names identify builds, so they must be unique`);
    else seen.set(rule.name, index);
    return {
      name: rule.name,
      line: line(path),
      when: compileConditions(rule, path, problem),
      targets: rule.queue.map((target, targetIndex) => compileTarget(target, targetIndex, [...path, 'queue', targetIndex], problem, line)),
    };
  });

  const organizationTokens = new Map<string, string>();
  for (const [url, settings] of Object.entries(parsed.organizations ?? {})) {
    organizationTokens.set(organizationKey(url), settings.tokenVariable);
  }
  return { file, rules, organizationTokens };
}

type Report = (path: DocumentPath, message: string) => void;

function compileConditions(rule: RuleDefinition, path: DocumentPath, problem: Report): CompiledRule['when'] {
  const { when } = rule;
  let repository: RegExp | undefined;
  if (when.repository !== undefined) {
    try {
      repository = new RegExp(when.repository);
    } catch (error) {
      problem([...path, 'when', 'repository'], `not a valid regular expression: ${(error as Error).message}`);
    }
  }
  return {
    event: when.event,
    repository,
    targetBranch: when.targetBranch === undefined ? undefined : { pattern: toRefName(when.targetBranch), regex: compileBranchPattern(when.targetBranch) },
    status: when.status,
    mergeStatus: when.mergeStatus ?? (when.event === 'pullrequest.merged' ? 'succeeded' : undefined),
    project: when.project,
  };
}

function compileTarget(
  target: TargetDefinition,
  index: number,
  path: DocumentPath,
  problem: Report,
  line: (path: DocumentPath) => number,
): CompiledTarget {
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.parameters ?? {})) {
    const template = String(value);
    for (const variable of templateVariablesIn(template)) {
      if (!isKnownTemplateVariable(variable)) {
        problem([...path, 'parameters', name], `unknown variable \${${variable}}; use one of ${templateVariableNames.map((v) => `\${${v}}`).join(', ')}`);
      }
    }
    parameters[name] = template;
  }
  return {
    index,
    organization: target.organization === undefined ? undefined : normalizeOrganizationUrl(target.organization),
    project: target.project,
    definition: target.definition,
    sourceBranch: target.sourceBranch === undefined ? undefined : toRefName(target.sourceBranch),
    parameters,
    coalesceSeconds: target.coalesceSeconds,
    tokenVariable: target.tokenVariable,
    line: line(path),
  };
}
