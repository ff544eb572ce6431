import { readInteger, type InvalidSetting } from '@switchyard/env-config';
import { logLevelFromEnv, type LogLevel } from '@switchyard/observability';
import { azureDevOpsConfigFromEnv, OrgAllowList, type AzureDevOpsConfig } from '@switchyard/azure-devops';
import type { CompiledRules } from '../rules/compiled-rule';
import { loadRulesFile } from '../rules/load-rules-file';
import { lockBudget } from '../queue-build/lock-budget';
import { ConfigError } from './config.error';
import { requiredTokenVariables } from './required-token-variables';

export const serviceName = 'build-trigger';

export interface BuildTriggerConfig {
  /** Empty when TRIGGER_RULES_FILE is not set (only the local all-in-one run allows that). */
  rules: CompiledRules;
  /** Undefined without rules: nothing will be called, so ALLOWED_ORG_URLS is not needed. */
  azureDevOps?: AzureDevOpsConfig;
  /** Variable name → token, for every variable the rules may use. */
  tokens: ReadonlyMap<string, string>;
  /** No queue request starts later than this into a due handler (see queue-build/lock-budget.ts). */
  queueDeadlineMs: number;
  /** Handlers running at once per subscription. */
  concurrency: number;
  logLevel: LogLevel;
  warnings: string[];
}

type Env = Record<string, string | undefined>;

const invalid: InvalidSetting = (variable, problem) => new ConfigError(variable, problem);

/**
 * Reads and checks everything the service needs before it takes a message: the rules file, the
 * allow-list, and a token for every organization the rules can reach. Throws naming the variable.
 * Without TRIGGER_RULES_FILE (and `requireRules` false) it runs with no rules and says so.
 */
export function loadBuildTriggerConfig(env: Env, options: { requireRules?: boolean } = {}): BuildTriggerConfig {
  const rulesFile = env['TRIGGER_RULES_FILE']?.trim();
  const warnings: string[] = [];
  if (!rulesFile && options.requireRules) throw new ConfigError('TRIGGER_RULES_FILE', 'is required: the path of the build-trigger rules YAML file');
  if (!rulesFile) warnings.push('TRIGGER_RULES_FILE is not set: no build-trigger rules, no build will be queued');
  const rules: CompiledRules = rulesFile ? loadRulesFile(rulesFile) : { file: '(none)', rules: [], organizationTokens: new Map() };
  const tokens = new Map<string, string>();
  for (const variable of requiredTokenVariables(rules)) {
    const token = env[variable]?.trim();
    if (!token) {
      // The local run may go without rules; say so to someone trying the example rules without a PAT.
      const orNoRules = options.requireRules ? '' : ', or leave TRIGGER_RULES_FILE unset to run without build-trigger rules';
      throw new ConfigError(variable, `is required by ${rules.file}: set it to an Azure DevOps personal access token with Build (read & execute) scope${orNoRules}`);
    }
    tokens.set(variable, token);
  }
  const azureDevOps = rules.rules.length > 0 ? azureDevOpsConfigFromEnv(env) : undefined;
  if (azureDevOps) assertTargetsAllowed(rules, new OrgAllowList(azureDevOps.allowedOrgUrls));
  return {
    rules,
    azureDevOps,
    tokens,
    concurrency: readInteger(env, 'TRIGGER_CONCURRENCY', { fallback: 4, min: 1, max: 64 }, invalid),
    queueDeadlineMs: readInteger(env, 'TRIGGER_QUEUE_DEADLINE_MS', { fallback: lockBudget.queueDeadlineMs, min: 1000, max: lockBudget.queueDeadlineMs }, invalid),
    logLevel: logLevelFromEnv(env),
    warnings,
  };
}

// A target that names its organization can be checked now; event-derived ones are checked per call.
function assertTargetsAllowed(rules: CompiledRules, allowList: OrgAllowList): void {
  for (const rule of rules.rules) {
    const target = rule.targets.find((t) => t.organization !== undefined && !allowList.isAllowed(t.organization));
    if (target?.organization) {
      throw new ConfigError(
        'ALLOWED_ORG_URLS',
        `rule "${rule.name}" (${rules.file}:${target.line}) queues builds in ${target.organization}, which is not in ALLOWED_ORG_URLS (${allowList.urls.join(', ')}); add it or fix the rule.${allowList.otherHostFormHint(target.organization)}`,
      );
    }
  }
}
