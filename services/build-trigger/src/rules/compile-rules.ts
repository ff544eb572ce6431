import { isScalar, type Document, type LineCounter } from 'yaml';
import { compileBranchPattern, toRefName } from './branch-pattern';
import type { CompiledRule, CompiledRules, CompiledTarget } from './compiled-rule';
import { positionOf, type DocumentPath } from './document-positions';
import { normalizeOrganizationUrl, organizationKey } from './organization-url';
import type { RuleDefinition, RulesFile, TargetDefinition } from './rules-file.schema';

interface CompileContext {
  document: Document;
  lineCounter: LineCounter;
}

/**
 * Turns a checked file into matchers. Every check (regexes and template variables in the schema,
 * duplicate names in parseRules) has already passed, so that all problems are reported in one round.
 */
export function compileRules(file: string, parsed: RulesFile, context: CompileContext): CompiledRules {
  const line = (path: DocumentPath) => positionOf(context.document, context.lineCounter, path).line;

  const rules = parsed.rules.map((rule, index): CompiledRule => {
    const path = ['rules', index];
    return {
      name: rule.name,
      line: line(path),
      when: compileConditions(rule),
      targets: rule.queue.map((target, targetIndex) => {
        const targetPath = [...path, 'queue', targetIndex];
        return compileTarget(target, targetIndex, line(targetPath), (name) => context.document.getIn([...targetPath, 'parameters', name], true));
      }),
    };
  });

  const organizationTokens = new Map<string, string>();
  for (const [url, settings] of Object.entries(parsed.organizations ?? {})) {
    organizationTokens.set(organizationKey(url), settings.tokenVariable);
  }
  return { file, rules, organizationTokens };
}

function compileConditions(rule: RuleDefinition): CompiledRule['when'] {
  const { when } = rule;
  return {
    event: when.event,
    repository: when.repository === undefined ? undefined : new RegExp(when.repository),
    targetBranch: when.targetBranch === undefined ? undefined : { pattern: toRefName(when.targetBranch), regex: compileBranchPattern(when.targetBranch) },
    // git.pullrequest.merged is "merge attempted": Azure DevOps also sends it for the test merge of an
    // open PR (on creation and on every push), so by default only the completing merge counts. A rule
    // that names a merge status asks for attempts (a completed PR's is always succeeded).
    status: when.status ?? (when.event === 'pullrequest.merged' && when.mergeStatus === undefined ? 'completed' : undefined),
    mergeStatus: when.mergeStatus ?? (when.event === 'pullrequest.merged' ? 'succeeded' : undefined),
    project: when.project,
    organization:
      when.organization === undefined
        ? undefined
        : { urls: when.organization.map(normalizeOrganizationUrl), keys: new Set(when.organization.map(organizationKey)) },
  };
}

function compileTarget(target: TargetDefinition, index: number, line: number, nodeOf: (parameter: string) => unknown): CompiledTarget {
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.parameters ?? {})) parameters[name] = asWritten(value, nodeOf(name));
  return {
    index,
    organization: target.organization === undefined ? undefined : normalizeOrganizationUrl(target.organization),
    project: target.project,
    definition: target.definition,
    sourceBranch: target.sourceBranch === undefined ? undefined : toRefName(target.sourceBranch),
    parameters,
    coalesceSeconds: target.coalesceSeconds,
    tokenVariable: target.tokenVariable,
    line,
  };
}

/**
 * A number or boolean parameter as written in the file: YAML reads `8.0` as 8 and `0x1F` as 31, but
 * pipeline parameters are strings, and the one wanted is what the operator typed.
 */
function asWritten(value: string | number | boolean, node: unknown): string {
  if (typeof value !== 'string' && isScalar(node) && typeof node.source === 'string') return node.source;
  return String(value);
}
