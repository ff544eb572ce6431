export interface ExplainArguments {
  payloadPath: string;
  rulesPath: string;
  /** Where rulesPath came from, for errors: "--rules" or "TRIGGER_RULES_FILE". */
  rulesSetting: string;
  json: boolean;
}

export const acceptedOptions = '--rules <rules.yaml>, --json, --help';

/** The command line, or what is wrong with it; a mistyped option is named rather than taken for a payload file. */
export function parseExplainArguments(
  args: readonly string[],
  env: Record<string, string | undefined>,
): ExplainArguments | { help: true } | { error: string } {
  const positional: string[] = [];
  let rulesPath = env['TRIGGER_RULES_FILE'];
  let rulesSetting = 'TRIGGER_RULES_FILE';
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--rules') {
      rulesPath = args[++i];
      rulesSetting = '--rules';
      if (!rulesPath || rulesPath.startsWith('--')) return { error: '--rules needs the path of a rules file.' };
    }
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg.startsWith('-') && arg !== '-') return { error: `Unknown option ${arg}; accepted: ${acceptedOptions}.` };
    else positional.push(arg);
  }
  const [payloadPath] = positional;
  if (positional.length !== 1 || !payloadPath) return { error: 'Give exactly one payload file.' };
  if (!rulesPath) return { error: 'No rules file: pass --rules or set TRIGGER_RULES_FILE.' };
  return { payloadPath, rulesPath, rulesSetting, json };
}
