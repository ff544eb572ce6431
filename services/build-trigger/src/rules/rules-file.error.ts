/** One thing wrong in the rules file, located so a person can go straight to it. */
export interface RulesProblem {
  /** 1-based; 0 when the problem is about the file as a whole. */
  line: number;
  column: number;
  /** Dotted path in the document, e.g. `rules[0].when.repository`. */
  path: string;
  message: string;
  /** Name of the rule the problem is in, when it has one. */
  rule?: string;
}

/** The rules file cannot be used; the service must not start with it. */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';
  readonly code = 'BUILD_TRIGGER.RULES_INVALID';

  /** `setting`: where the file's path came from (the service's variable, or explain's --rules). */
  constructor(
    readonly file: string,
    readonly problems: readonly RulesProblem[],
    readonly setting = 'TRIGGER_RULES_FILE',
  ) {
    super(`Invalid build-trigger rules file ${file} (${setting}):\n` + problems.map((p) => `  ${locate(file, p)}: ${p.message}${p.rule === undefined ? '' : ` (rule "${p.rule}")`}`).join('\n'));
  }
}

/** file:line:column and the path in the document; just the file for a problem with the file as a whole. */
function locate(file: string, problem: RulesProblem): string {
  return problem.line === 0 ? file : `${file}:${problem.line}:${problem.column}${problem.path ? ` ${problem.path}` : ''}`;
}
