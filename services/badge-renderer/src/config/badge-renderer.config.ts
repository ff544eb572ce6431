import { quoteValue, readInteger, type InvalidSetting } from '@switchyard/env-config';
import { logLevelFromEnv, type LogLevel } from '@switchyard/observability';
import { badgeStyles, isBadgeStyle, type BadgeStyle } from '../badge-style/badge-style';
import { MAX_BADGE_MAX_AGE } from '../badge-style/presentation-from-metadata';
import type { ReleaseLabel } from '../render-release-badge/release-badge';
import { BadgeRendererConfigError } from './config.error';
import { publicBaseUrlFrom } from './public-base-url';

export type StorageConfig = { kind: 'connectionString'; connectionString: string } | { kind: 'accountUrl'; accountUrl: string };

export interface BadgeRendererConfig {
  storage: StorageConfig;
  container: string;
  style: BadgeStyle;
  maxAgeSeconds: number;
  releaseLabel: ReleaseLabel;
  /** Base URL badges are read from (a CDN, a custom domain); defaults to the container URL. */
  publicBaseUrl?: string;
  publicAccess: 'blob' | 'none';
  concurrency: number;
  /** How long index changes are collected before one write of `index.json` (0: write at once). */
  indexBatchMs: number;
  /** Branch badges whose last build is older drop out of `index.json` (0: kept for ever). */
  indexBranchMaxAgeDays: number;
  logLevel: LogLevel;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_INDEX_BATCH_MS = 100;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === '' ? undefined : raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new BadgeRendererConfigError(name, `${quoteValue(raw)} is not one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

const invalid: InvalidSetting = (variable, problem) => new BadgeRendererConfigError(variable, problem);

function storage(env: Env): StorageConfig {
  const connectionString = value(env, 'STORAGE_CONNECTION_STRING');
  const accountUrl = value(env, 'STORAGE_ACCOUNT_URL');
  if (connectionString) return { kind: 'connectionString', connectionString };
  if (accountUrl) {
    // The whole value: host, optional path (Azurite's /devstoreaccount1), nothing else, no space anywhere.
    if (!/^https?:\/\/[^/\s?#@]+(\/[^\s?#@]*)?$/.test(accountUrl)) {
      throw new BadgeRendererConfigError('STORAGE_ACCOUNT_URL', 'must be the blob endpoint, e.g. https://<account>.blob.core.windows.net (no space, query or credentials)');
    }
    // The SDK refuses to send a bearer token over plain http, so every request would fail.
    if (!accountUrl.startsWith('https://')) {
      throw new BadgeRendererConfigError('STORAGE_ACCOUNT_URL', 'must be an https URL: DefaultAzureCredential sends its token over TLS only (for Azurite over http, set STORAGE_CONNECTION_STRING)');
    }
    return { kind: 'accountUrl', accountUrl: accountUrl.replace(/\/+$/, '') };
  }
  throw new BadgeRendererConfigError(
    'STORAGE_ACCOUNT_URL',
    'set STORAGE_ACCOUNT_URL (used with DefaultAzureCredential) or STORAGE_CONNECTION_STRING',
  );
}

/** Reads and checks every variable at start-up; a bad one fails start-up with its name. */
export function badgeRendererConfigFromEnv(env: Env): BadgeRendererConfig {
  const container = value(env, 'BADGE_CONTAINER') ?? 'badges';
  if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
    throw new BadgeRendererConfigError('BADGE_CONTAINER', `"${container}" is not a valid container name (3-63 lower-case letters, digits, single hyphens)`);
  }
  const style = value(env, 'BADGE_STYLE')?.toLowerCase() ?? 'flat';
  if (!isBadgeStyle(style)) throw new BadgeRendererConfigError('BADGE_STYLE', `"${style}" is not one of ${badgeStyles.join(', ')}`);
  const rawPublicBaseUrl = value(env, 'BADGE_PUBLIC_BASE_URL');
  const publicBaseUrl = rawPublicBaseUrl === undefined ? undefined : publicBaseUrlFrom(rawPublicBaseUrl);
  return {
    storage: storage(env),
    container,
    style,
    maxAgeSeconds: readInteger(env, 'BADGE_MAX_AGE', { fallback: 60, min: 0, max: MAX_BADGE_MAX_AGE }, invalid),
    releaseLabel: oneOf(env, 'BADGE_RELEASE_LABEL', ['environment', 'definition'] as const, 'environment'),
    ...(publicBaseUrl !== undefined && { publicBaseUrl }),
    publicAccess: oneOf(env, 'BADGE_PUBLIC_ACCESS', ['blob', 'none'] as const, 'blob'),
    concurrency: readInteger(env, 'BADGE_CONCURRENCY', { fallback: 32, min: 1, max: 256 }, invalid),
    indexBatchMs: readInteger(env, 'BADGE_INDEX_BATCH_MS', { fallback: DEFAULT_INDEX_BATCH_MS, min: 0, max: 10_000 }, invalid),
    indexBranchMaxAgeDays: readInteger(env, 'BADGE_INDEX_BRANCH_MAX_AGE_DAYS', { fallback: 0, min: 0, max: 36_500 }, invalid),
    logLevel: logLevelFromEnv(env),
  };
}
