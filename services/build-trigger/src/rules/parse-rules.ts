import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { CompiledRules } from './compiled-rule';
import { compileRules } from './compile-rules';
import { formatPath, positionOf } from './document-positions';
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

  const result = rulesFileSchema.safeParse(document.toJS() ?? {});
  if (!result.success) {
    throw new RulesFileError(
      file,
      result.error.issues.map((issue) => {
        const path = issue.path as (string | number)[];
        // Point at the unknown key itself, which is where the typo is.
        const at = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
        const missing = issue.code !== 'unrecognized_keys' && path.length > 0 && !document.hasIn(path);
        return {
          ...positionOf(document, lineCounter, at),
          path: formatPath(path),
          message: missing ? `is required: ${describeIssue(issue)}` : describeIssue(issue),
        };
      }),
    );
  }
  const problems: RulesProblem[] = [];
  const compiled = compileRules(file, result.data, { document, lineCounter, problems });
  if (problems.length > 0) throw new RulesFileError(file, problems);
  return compiled;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}
