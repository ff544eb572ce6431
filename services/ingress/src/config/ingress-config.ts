import { isIP } from 'node:net';
import { logLevelFromEnv, type LogLevel } from '@switchyard/observability';
import { ConfigError } from './config.error';
import { parseHookKeys, type HookKey } from './hook-keys';

export interface IngressConfig {
  port: number;
  host: string;
  hookKeys: HookKey[];
  maxBodyBytes: number;
  ratePerMinute: number;
  requireHttps: boolean;
  trustedProxies: string[];
  publishTimeoutMs: number;
  logLevel: LogLevel;
}

type Env = Record<string, string | undefined>;

const proxyKeywords = new Set(['loopback', 'linklocal', 'uniquelocal']);

function integer(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(variable, `"${raw}" is not a whole number between ${min} and ${max}`);
  }
  return Number(raw);
}

function boolean(env: Env, variable: string, fallback: boolean): boolean {
  const raw = env[variable]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(variable, `"${raw}" is not true or false`);
}

function trustedProxies(env: Env): string[] {
  const raw = env['TRUSTED_PROXIES']?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const [address, bits, extra] = value.split('/');
    const family = isIP(address ?? '');
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (proxyKeywords.has(value) || (family !== 0 && bitsOk && extra === undefined)) return value;
    throw new ConfigError('TRUSTED_PROXIES', `"${value}" is not an IP address, CIDR range, loopback, linklocal or uniquelocal`);
  });
}

/** Reads the ingress configuration from the environment; throws ConfigError naming the first bad variable. */
export function loadIngressConfig(env: Env, overrides: { port?: number } = {}): IngressConfig {
  return {
    port: overrides.port ?? integer(env, 'PORT', 8080, 0, 65535),
    host: env['HOST']?.trim() || '0.0.0.0',
    hookKeys: parseHookKeys(env['HOOK_KEYS']),
    maxBodyBytes: integer(env, 'HOOK_MAX_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    ratePerMinute: integer(env, 'HOOK_RATE_PER_MINUTE', 3000, 1, 10_000_000),
    requireHttps: boolean(env, 'REQUIRE_HTTPS', false),
    trustedProxies: trustedProxies(env),
    publishTimeoutMs: integer(env, 'HOOK_PUBLISH_TIMEOUT_MS', 5000, 100, 60_000),
    logLevel: logLevelFromEnv(env),
  };
}
