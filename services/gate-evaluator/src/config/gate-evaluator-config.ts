import { quotedUrl } from '@switchyard/contracts';
import { quoteValue, readInteger, type InvalidSetting } from '@switchyard/env-config';
import { azureDevOpsConfigFromEnv, withinRequestBudget, type AzureDevOpsConfig } from '@switchyard/azure-devops';
import {
  assertTokenKeysWellFormed,
  createPolicyRegistry,
  formatDuration,
  GateConfigError,
  gatePoliciesFromEnv,
  parseDuration,
  tokenKeyRingFromEnv,
  type GatePolicies,
  type TokenKeyRing,
} from '@switchyard/gates';
import { logLevelFromEnv, type LogLevel } from '@switchyard/observability';
import { lockBudget } from '../decide-check/lock-budget';
import { MetricAllowList } from './metric-allow-list';

export interface GateEvaluatorConfig {
  policies: GatePolicies;
  /** Present whenever policies are configured. */
  tokenKeys?: TokenKeyRing;
  /** Present whenever policies are configured; timeout and retry budget capped to fit the message lock. */
  azureDevOps?: AzureDevOpsConfig;
  metricUrls: MetricAllowList;
  /** Deliveries of a decision (each with the client's own retries) before it is dead-lettered. */
  decisionAttempts: number;
  /** Wait before the 2nd delivery attempt; doubles after each. */
  decisionRetryDelayMs: number;
  /** No decision is posted later than this after its handler began (a decision retry posts it instead, or the message is redelivered when its lock is nearly over). */
  decisionDeadlineMs: number;
  /** Check messages handled at once. */
  concurrency: number;
  logLevel: LogLevel;
  /** Start-up findings worth a warning (e.g. a timeout longer than the AuthToken lives). */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

const invalid: InvalidSetting = (variable, problem) => new GateConfigError(`${variable}: ${problem}`, variable);

/** An AuthToken (System.AccessToken) is valid for 48 hours; a decision after that cannot be posted. */
export const AUTH_TOKEN_LIFETIME_MS = 48 * 3_600_000;

/**
 * Reads the evaluator's configuration. With policies configured, GATE_TOKEN_KEY and ALLOWED_ORG_URLS
 * are required, and every http-metric URL must be in ALLOWED_METRIC_URLS. Throws naming the variable.
 */
export function loadGateEvaluatorConfig(env: Env): GateEvaluatorConfig {
  const policies = gatePoliciesFromEnv(env, createPolicyRegistry());
  const metricUrls = MetricAllowList.fromEnv(env['ALLOWED_METRIC_URLS']);
  const at = (line: number | undefined) => (policies.source && line !== undefined ? `${policies.source}:${line}: ` : '');
  const refused = policies.all.flatMap((policy) =>
    (policy.policy.outboundUrls ?? []).filter((url) => !metricUrls.isAllowed(url)).map((url) => `${at(policy.line)}policy "${policy.name}": ${quotedUrl(url)}`),
  );
  if (refused.length > 0) {
    throw new GateConfigError('ALLOWED_METRIC_URLS does not allow the metric URLs of these policies; add them (or a parent path):', 'ALLOWED_METRIC_URLS', refused);
  }
  const configured = policies.names.length > 0;
  if (!configured) assertTokenKeysWellFormed(env);
  const decisionAttempts = readInteger(env, 'GATE_DECISION_ATTEMPTS', { fallback: 6, min: 1, max: 50 }, invalid);
  const decisionRetryDelayMs = duration(env, 'GATE_DECISION_RETRY_DELAY', '30s');
  // The last decision attempt comes this long after the timeout (the retry delay doubles each time).
  const retrySpanMs = decisionRetryDelayMs * (2 ** (decisionAttempts - 1) - 1);
  if (retrySpanMs >= AUTH_TOKEN_LIFETIME_MS) {
    throw new GateConfigError(
      `GATE_DECISION_RETRY_DELAY × 2^(GATE_DECISION_ATTEMPTS-1): the last decision attempt would come ${formatDuration(retrySpanMs)} after the first, after the pipeline's AuthToken (48 h) has expired; lower GATE_DECISION_RETRY_DELAY or GATE_DECISION_ATTEMPTS`,
      'GATE_DECISION_RETRY_DELAY',
    );
  }
  const warnings = policies.all
    .filter((policy) => policy.timeoutMs + retrySpanMs >= AUTH_TOKEN_LIFETIME_MS)
    .map(
      (policy) =>
        `policy "${policy.name}": timeout ${formatDuration(policy.timeoutMs)}, plus up to ${formatDuration(retrySpanMs)} of decision retries ` +
        '(GATE_DECISION_ATTEMPTS, GATE_DECISION_RETRY_DELAY), reaches the 48h lifetime of the pipeline AuthToken; a decision after 48h cannot be delivered',
    );
  for (const policy of policies.all) {
    if (policy.everyMs * (policy.maxEvaluations - 1) < policy.timeoutMs) {
      warnings.push(`policy "${policy.name}": ${policy.maxEvaluations} evaluations every ${formatDuration(policy.everyMs)} end before its timeout ${formatDuration(policy.timeoutMs)}`);
    }
  }
  return {
    policies,
    tokenKeys: configured ? tokenKeyRingFromEnv(env) : undefined,
    azureDevOps: configured ? withinRequestBudget(azureDevOpsConfigFromEnv(env), lockBudget.requestBudgetMs) : undefined,
    metricUrls,
    decisionAttempts,
    decisionRetryDelayMs,
    decisionDeadlineMs: readInteger(env, 'GATE_DECISION_DEADLINE_MS', { fallback: lockBudget.decisionDeadlineMs, min: 1, max: lockBudget.decisionDeadlineMs }, invalid),
    concurrency: readInteger(env, 'GATE_CONCURRENCY', { fallback: 8, min: 1, max: 256 }, invalid),
    logLevel: logLevelFromEnv(env),
    warnings,
  };
}

function duration(env: Env, variable: string, fallback: string): number {
  const raw = env[variable]?.trim() || fallback;
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new GateConfigError(`${variable}: ${quoteValue(raw)} is not a duration; use e.g. 30s or 2m`, variable);
  return ms;
}
