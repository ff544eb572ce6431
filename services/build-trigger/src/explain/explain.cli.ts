import { parseAllowedOrgUrls, OrgAllowList } from '@switchyard/azure-devops';
import { InvalidServiceHookError } from '@switchyard/contracts';
import { loadRulesFile } from '../rules/load-rules-file';
import { acceptedOptions, parseExplainArguments } from './explain-arguments';
import { explainPayload } from './explain-payload';
import { formatExplanation } from './format-explanation';
import { readPayloadFile } from './read-payload-file';

const usage = `Usage: explain <payload.json> [--rules <rules.yaml>] [--json]
  Prints, for a service-hook payload (or an event envelope), each rule and why it matches or not,
  and what would be queued. Nothing is queued and Azure DevOps is not called.
  Options: ${acceptedOptions}.
  --rules defaults to TRIGGER_RULES_FILE; ALLOWED_ORG_URLS, when set, is checked too.
  Exit codes: 0 explained, 2 bad usage or unreadable input (rules file or payload).`;

interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Returns the exit code: 0 explained, 2 bad usage or unreadable input. */
export function runExplain(args: readonly string[], env: Record<string, string | undefined>, io: CliIo): number {
  const parsed = parseExplainArguments(args, env);
  if ('help' in parsed) return io.out(usage), 0;
  if ('error' in parsed) {
    io.err(`${parsed.error}\n${usage}`);
    return 2;
  }
  const { payloadPath, rulesPath, rulesSetting, json } = parsed;
  try {
    const rules = loadRulesFile(rulesPath, rulesSetting);
    const payload = readPayloadFile(payloadPath);
    const allowList = env['ALLOWED_ORG_URLS']?.trim() ? new OrgAllowList(parseAllowedOrgUrls(env['ALLOWED_ORG_URLS'])) : undefined;
    const explanation = explainPayload(payload, rules, { isAllowed: allowList && ((url) => allowList.isAllowed(url)) });
    io.out(json ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation));
    return 0;
  } catch (error) {
    const issues = (error as { issues?: unknown }).issues;
    // The hook's own message lists its issues inline too: print them once, one per line.
    const message = error instanceof InvalidServiceHookError ? 'Not a valid Azure DevOps service-hook notification; fix these fields:' : (error as Error).message;
    io.err(`${message}${Array.isArray(issues) && typeof issues[0] === 'string' ? `\n  ${issues.join('\n  ')}` : ''}`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runExplain(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
}
