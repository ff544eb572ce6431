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

  constructor(
    readonly file: string,
    readonly problems: readonly RulesProblem[],
  ) {
    super(
      `Invalid build-trigger rules file ${file} (TRIGGER_RULES_FILE):\n` +
        problems
          .map((p) => `  ${file}:${p.line}:${p.column}${p.path ? ` ${p.path}` : ''}: ${p.message}${p.rule === undefined ? '' : ` (rule "${p.rule}")`}`)
          .join('\n'),
    );
  }
}
