import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { GateConfigError } from '../errors/gate-config.error';
import type { PolicyRegistry } from '../registry/policy-registry';
import { GatePolicies, type ConfiguredPolicy } from './configured-policy';
import { commonEntryKeys, commonEntrySchema, defaultMaxEvaluations, POLICY_NAME } from './policy-entry.schema';

export interface LoadPoliciesOptions {
  registry: PolicyRegistry;
  /** File path (or any label) used in error messages. */
  source?: string;
}

/**
 * Parses and validates a policies file (`policies: { <name>: { type, every?, timeout?, maxEvaluations?, ...options } }`).
 * Every problem is reported at once, each with its line, in one GateConfigError.
 */
export function loadGatePolicies(text: string, options: LoadPoliciesOptions): GatePolicies {
  const source = options.source ?? 'policies file';
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => (offset === undefined ? '' : `line ${lines.linePos(offset).line}: `);
  if (doc.errors.length > 0) {
    throw invalid(source, doc.errors.map((error) => `${at(error.pos[0])}${error.message.split('\n')[0]}`));
  }
  const root = doc.toJS() as unknown;
  const lineOf = (path: readonly (string | number)[]) => at(nodeOffset(doc, path));
  const policiesNode = root && typeof root === 'object' ? (root as Record<string, unknown>)['policies'] : undefined;
  if (!policiesNode || typeof policiesNode !== 'object' || Array.isArray(policiesNode)) {
    throw invalid(source, [`${lineOf([])}the file must have a "policies:" map of policy names to policies`]);
  }
  const issues: string[] = [];
  const policies: ConfiguredPolicy[] = [];
  for (const [name, entry] of Object.entries(policiesNode as Record<string, unknown>)) {
    const where = (path: readonly (string | number)[] = []) => `${lineOf(['policies', name, ...path])}policy "${name}"`;
    if (!POLICY_NAME.test(name)) {
      issues.push(`${where()}: the name must be 1-64 letters, digits, ".", "_" or "-" (it becomes the URL /checks/${name})`);
      continue;
    }
    const built = buildPolicy(name, entry, options.registry, (path, message) => issues.push(`${where(path)}: ${message}`));
    if (built) policies.push({ ...built, line: lines.linePos(nodeOffset(doc, ['policies', name]) ?? 0).line });
  }
  if (issues.length > 0) throw invalid(source, issues);
  return new GatePolicies(policies, options.source);
}

type Report = (path: readonly (string | number)[], message: string) => void;

function buildPolicy(name: string, entry: unknown, registry: PolicyRegistry, report: Report): Omit<ConfiguredPolicy, 'line'> | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    report([], 'must be a map such as { type: required-task, taskId: ... }');
    return undefined;
  }
  const common = commonEntrySchema.safeParse(entry);
  if (!common.success) {
    reportIssues(common.error, report);
    return undefined;
  }
  const policyType = registry.get(common.data.type);
  if (!policyType) {
    report(['type'], `unknown type "${common.data.type}"; known types: ${registry.types.join(', ')}`);
    return undefined;
  }
  const specific = Object.fromEntries(Object.entries(entry).filter(([key]) => !commonEntryKeys.includes(key)));
  const parsed = policyType.options.safeParse(specific);
  if (!parsed.success) {
    reportIssues(parsed.error, report);
    return undefined;
  }
  const { every: everyMs, timeout: timeoutMs, maxEvaluations } = common.data;
  return {
    name,
    type: policyType.type,
    sync: policyType.sync,
    everyMs,
    timeoutMs,
    maxEvaluations: maxEvaluations ?? defaultMaxEvaluations(everyMs, timeoutMs),
    policy: new policyType(parsed.data),
  };
}

function reportIssues(error: z.ZodError, report: Report): void {
  for (const issue of error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const field = path.length ? `${path.join('.')}: ` : '';
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')} for this type` : issue.message;
    report(path, `${field}${message}`);
  }
}

/** Offset of the deepest existing node on the path, so a message points at the closest line. */
function nodeOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      // For a map the key line reads better than its first child's.
      if (depth > 0 && isMap(node)) return keyOffset(doc, path.slice(0, depth)) ?? range[0];
      return range[0];
    }
  }
  return undefined;
}

function keyOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => (item.key as { value?: unknown })?.value === path[path.length - 1]);
  return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
}

function invalid(source: string, issues: string[]): GateConfigError {
  return new GateConfigError(`${source} is invalid (GATE_POLICIES_FILE):`, 'GATE_POLICIES_FILE', issues);
}
