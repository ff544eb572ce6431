import { isIP } from 'node:net';
import { quoteValue, readInteger, type InvalidSetting } from '@switchyard/env-config';
import { logLevelFromEnv, type LogLevel } from '@switchyard/observability';
import { ConfigError } from './config.error';
import { parseHookKeyOrganizations } from './hook-key-organizations';
import { parseHookKeys, type HookKey } from './hook-keys';

export interface IngressConfig {
  port: number;
  host: string;
  hookKeys: HookKey[];
  /** HOOK_KEY_ORGANIZATIONS: key name → the organization/collection URLs it may speak for; keys not in it are unbound. */
  hookKeyOrganizations: ReadonlyMap<string, readonly string[]>;
  maxBodyBytes: number;
  ratePerMinute: number;
  requireHttps: boolean;
  trustedProxies: string[];
  publishTimeoutMs: number;
  /** Largest event the bus takes (Service Bus Standard: 256 KiB); a bigger one is refused with 413, not retried forever. */
  busMaxMessageBytes: number;
  logLevel: LogLevel;
}

type Env = Record<string, string | undefined>;

const proxyKeywords = new Set(['loopback', 'linklocal', 'uniquelocal']);

const invalid: InvalidSetting = (variable, problem) => new ConfigError(variable, problem);

function boolean(env: Env, variable: string, fallback: boolean): boolean {
  const raw = env[variable]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(variable, `${quoteValue(raw)} is not true or false`);
}

// The same rules as Fastify's proxy-addr, which would otherwise fail start-up without naming the variable.
function trustedProxies(env: Env): string[] {
  const raw = env['TRUSTED_PROXIES']?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    if (proxyKeywords.has(value)) return value;
    const [address = '', bits, extra] = value.split('/');
    const family = isIP(address);
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (family === 0 || !bitsOk || extra !== undefined) {
      throw new ConfigError('TRUSTED_PROXIES', `"${value}" is not an IP address, CIDR range, loopback, linklocal or uniquelocal`);
    }
    if (bits === undefined) return value;
    if (Number(bits) === 0) throw trustsEveryone(value);
    if (isIpv4Mapped(address)) assertMappedRangeMatches(value, Number(bits) - 96);
    return value;
  });
}

// proxy-addr reads an IPv4-mapped range ::ffff:a.b.c.d/n as the IPv4 range a.b.c.d/(n − 96), and one
// shorter than /96 as matching no address at all.
function assertMappedRangeMatches(value: string, ipv4Bits: number): void {
  if (ipv4Bits === 0) throw trustsEveryone(value);
  if (ipv4Bits < 0) {
    throw new ConfigError(
      'TRUSTED_PROXIES',
      `"${value}" is an IPv4-mapped range shorter than /96, which matches no address; write the IPv4 range itself (e.g. 10.244.0.0/16 for ::ffff:10.244.0.0/112)`,
    );
  }
}

function trustsEveryone(value: string): ConfigError {
  return new ConfigError(
    'TRUSTED_PROXIES',
    `"${value}" would trust every address, so any client could claim https in X-Forwarded-Proto; list only your proxies' addresses or CIDR ranges (on AKS, the ingress controller's pod CIDR, e.g. 10.244.0.0/16)`,
  );
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d), however it is written: URL hosts are canonical (RFC 5952). */
function isIpv4Mapped(address: string): boolean {
  try {
    return /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/.test(new URL(`http://[${address}]`).hostname);
  } catch {
    // A zone id (fe80::1%eth0) is no URL host, and never IPv4-mapped.
    return false;
  }
}

// The ingress serves plain HTTP; a request is https only when a trusted TLS proxy says so.
function assertHttpsCanBeSeen(config: Pick<IngressConfig, 'requireHttps' | 'trustedProxies'>): void {
  if (!config.requireHttps || config.trustedProxies.length > 0) return;
  throw new ConfigError(
    'REQUIRE_HTTPS',
    'is true but TRUSTED_PROXIES is not set: the ingress itself serves plain HTTP and sees https only in the X-Forwarded-Proto of a trusted TLS-terminating proxy, so every request would get 403; ' +
      'set TRUSTED_PROXIES to the addresses or CIDR ranges of that proxy (on AKS, the ingress controller\'s pod CIDR), or REQUIRE_HTTPS=false',
  );
}

/** Reads the ingress configuration from the environment; throws ConfigError naming the first bad variable. */
export function loadIngressConfig(env: Env, overrides: { port?: number } = {}): IngressConfig {
  const hookKeys = parseHookKeys(env['HOOK_KEYS']);
  const config: IngressConfig = {
    port: overrides.port ?? readInteger(env, 'PORT', { fallback: 8080, min: 0, max: 65535 }, invalid),
    host: env['HOST']?.trim() || '0.0.0.0',
    hookKeys,
    hookKeyOrganizations: parseHookKeyOrganizations(env['HOOK_KEY_ORGANIZATIONS'], hookKeys.map((key) => key.name)),
    maxBodyBytes: readInteger(env, 'HOOK_MAX_BYTES', { fallback: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024 }, invalid),
    ratePerMinute: readInteger(env, 'HOOK_RATE_PER_MINUTE', { fallback: 3000, min: 1, max: 10_000_000 }, invalid),
    requireHttps: boolean(env, 'REQUIRE_HTTPS', false),
    trustedProxies: trustedProxies(env),
    publishTimeoutMs: readInteger(env, 'HOOK_PUBLISH_TIMEOUT_MS', { fallback: 5000, min: 100, max: 60_000 }, invalid),
    busMaxMessageBytes: readInteger(env, 'BUS_MAX_MESSAGE_BYTES', { fallback: 256 * 1024, min: 64 * 1024, max: 100 * 1024 * 1024 }, invalid),
    logLevel: logLevelFromEnv(env),
  };
  assertHttpsCanBeSeen(config);
  return config;
}
