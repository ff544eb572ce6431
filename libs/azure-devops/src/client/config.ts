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

type Env = Record<string, string | undefined>;

/**
 * Reads the client configuration; throws `AZURE_DEVOPS.CONFIG_INVALID` naming the variable that is
 * missing or malformed so a service fails at start-up rather than on its first call.
 */
export function azureDevOpsConfigFromEnv(env: Env = process.env): AzureDevOpsConfig {
  const token = env['AZURE_DEVOPS_TOKEN']?.trim();
  const kind = (env['AZURE_DEVOPS_TOKEN_KIND'] ?? 'pat').trim().toLowerCase();
  if (kind !== 'pat' && kind !== 'bearer') {
    throw invalid('AZURE_DEVOPS_TOKEN_KIND', `must be "pat" or "bearer", got "${kind}"`);
  }
  return {
    allowedOrgUrls: parseAllowedOrgUrls(env['ALLOWED_ORG_URLS']),
    defaultCredential: token ? { kind, token } : undefined,
    timeoutMs: positiveInt(env, 'AZURE_DEVOPS_TIMEOUT_MS', 10_000),
    retry: {
      maxAttempts: positiveInt(env, 'AZURE_DEVOPS_MAX_ATTEMPTS', defaultRetryPolicy.maxAttempts),
      baseDelayMs: positiveInt(env, 'AZURE_DEVOPS_RETRY_BASE_MS', defaultRetryPolicy.baseDelayMs),
      maxDelayMs: defaultRetryPolicy.maxDelayMs,
      maxElapsedMs: positiveInt(env, 'AZURE_DEVOPS_RETRY_BUDGET_MS', defaultRetryPolicy.maxElapsedMs),
    },
  };
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid(name, `must be a positive integer, got "${raw}"`);
  return value;
}

function invalid(variable: string, problem: string): AzureDevOpsError {
  return new AzureDevOpsError(AzureDevOpsErrorCodes.CONFIG_INVALID, `${variable} ${problem}.`, { variable });
}
