import { quotedUrl } from '@switchyard/contracts';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { CompiledRules } from './compiled-rule';
import { compileRules } from './compile-rules';
import { formatPath, positionOf, type DocumentPath } from './document-positions';
import { duplicateOrganizations } from './duplicate-organizations';
import { duplicateRuleNames } from './duplicate-rule-names';
import { ESCAPED_DEFINITION_PROBLEM, escapedDefinitions } from './escaped-definitions';
import { foldMisspeltKeys } from './misspelt-keys';
import { RulesFileError, type RulesProblem } from './rules-file.error';
import { rulesFileSchema } from './rules-file.schema';

/**
 * Parses and validates rules YAML. Every problem found is reported at once, each with its line, so a
 * broken file is fixed in one pass; throws `RulesFileError` when there is any.
 */
export function parseRules(text: string, file = 'rules.yaml'): CompiledRules {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxProblems: RulesProblem[] = document.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { line, column: col, path: '', message: error.message.split('\n')[0] ?? error.message };
  });
  if (syntaxProblems.length > 0) throw new RulesFileError(file, syntaxProblems);

  const problem = (path: DocumentPath, message: string): RulesProblem => {
    const rule = ruleNameAt(document, path);
    return { ...positionOf(document, lineCounter, path), path: formatPath(path), message, ...(rule !== undefined && { rule }) };
  };
  const raw: unknown = document.toJS() ?? {};
  const result = rulesFileSchema.safeParse(raw);
  const escaped = escapedDefinitions(document, text);
  // Such a value may also hold a control character (`"\team\Nightly"`): the escape is the one problem.
  const escapedAt = new Set(escaped.map(formatPath));
  const issues = result.success ? [] : foldMisspeltKeys(result.error.issues, (path) => !document.hasIn(path));
  const problems = issues.filter((issue) => !escapedAt.has(formatPath(issue.path as DocumentPath))).map((issue) => {
    const path = issue.path as (string | number)[];
    // Point at the unknown key itself, which is where the typo is.
    const at = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
    const missing = issue.code !== 'unrecognized_keys' && path.length > 0 && !document.hasIn(path);
    return { ...problem(at, missing ? `is required: ${describeIssue(issue)}` : describeIssue(issue)), path: formatPath(path) };
  });
  for (const path of escaped) problems.push(problem(path, ESCAPED_DEFINITION_PROBLEM));
  for (const { index, first, name } of duplicateRuleNames(raw)) {
    problems.push(problem(['rules', index, 'name'], `duplicate rule name "${name}" (also rules[${first}]); names identify builds, so they must be unique`));
  }
  for (const { key, first } of duplicateOrganizations(raw)) {
    problems.push(problem(['organizations', key], `names the same organization as "${quotedUrl(first)}"; list each organization once`));
  }
  if (problems.length > 0 || !result.success) throw new RulesFileError(file, problems.sort((a, b) => a.line - b.line || a.column - b.column));
  return compileRules(file, result.data, { document, lineCounter });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  // An organizations: entry indented one level too little is an unknown top-level key, quoted by name.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.reduce((message, key) => (key.includes('://') ? message.replaceAll(`"${key}"`, `"${quotedUrl(key)}"`) : message), issue.message);
  }
  return issue.message;
}

/** The name of the rule a path is inside, as written, so a problem names the rule and not only its index. */
function ruleNameAt(document: Document, path: DocumentPath): string | undefined {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  const name: unknown = document.getIn(['rules', path[1], 'name']);
  return typeof name === 'string' ? name : undefined;
}
