import { readInteger } from '@switchyard/env-config';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { parseAllowedOrgUrls } from './allow-list';
import type { AzureDevOpsCredential } from './credentials';
import { type RetryPolicy, defaultRetryPolicy } from './retry-policy';

export interface AzureDevOpsConfig {
  allowedOrgUrls: string[];
  /** Service-wide token (AZURE_DEVOPS_TOKEN); checks use the pipeline's AuthToken instead. */
  defaultCredential?: AzureDevOpsCredential;
  timeoutMs: number;
  retry: RetryPolicy;
}

/**
 * The configuration with its per-attempt timeout and total retry time capped at `budgetMs`, for
 * callers that must finish inside a message lock. Lower settings from the environment still win.
 */
export function withinRequestBudget(config: AzureDevOpsConfig, budgetMs: number): AzureDevOpsConfig {
  return {
    ...config,
    timeoutMs: Math.min(config.timeoutMs, budgetMs),
    retry: { ...config.retry, maxElapsedMs: Math.min(config.retry.maxElapsedMs, budgetMs) },
  };
}

type Env = Record<string, string | undefined>;

/**
 * Reads the client configuration; throws `AZURE_DEVOPS.CONFIG_INVALID` naming the variable that is
 * missing or malformed so a service fails at start-up rather than on its first call.
 */
export function azureDevOpsConfigFromEnv(env: Env = process.env): AzureDevOpsConfig {
  const token = env['AZURE_DEVOPS_TOKEN']?.trim();
  return {
    allowedOrgUrls: parseAllowedOrgUrls(env['ALLOWED_ORG_URLS']),
    // A PAT: what build-trigger's token variables hold (a bearer token from the environment would expire within the hour).
    defaultCredential: token ? { kind: 'pat', token } : undefined,
    timeoutMs: readInteger(env, 'AZURE_DEVOPS_TIMEOUT_MS', { fallback: 10_000, min: 1 }, invalidNumber),
    retry: {
      maxAttempts: readInteger(env, 'AZURE_DEVOPS_MAX_ATTEMPTS', { fallback: defaultRetryPolicy.maxAttempts, min: 1 }, invalidNumber),
      baseDelayMs: readInteger(env, 'AZURE_DEVOPS_RETRY_BASE_MS', { fallback: defaultRetryPolicy.baseDelayMs, min: 1 }, invalidNumber),
      maxDelayMs: defaultRetryPolicy.maxDelayMs,
      maxElapsedMs: readInteger(env, 'AZURE_DEVOPS_RETRY_BUDGET_MS', { fallback: defaultRetryPolicy.maxElapsedMs, min: 1 }, invalidNumber),
    },
  };
}

function invalidNumber(variable: string, problem: string): AzureDevOpsError {
  return invalid(variable, `is invalid: ${problem}`);
}

function invalid(variable: string, problem: string): AzureDevOpsError {
  return new AzureDevOpsError(AzureDevOpsErrorCodes.CONFIG_INVALID, `${variable} ${problem}.`, { variable });
}
