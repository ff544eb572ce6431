import { createHash, randomBytes } from 'node:crypto';
import { GateConfigError } from '../errors/gate-config.error';

/** One AES-256 key and the short id written into every token it seals (so rotation can find it). */
export interface TokenKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The key that seals new tokens, plus older keys that may still open tokens sealed before a rotation. */
export interface TokenKeyRing {
  readonly current: TokenKey;
  readonly previous: readonly TokenKey[];
}

const HEX_32 = /^[0-9a-f]{64}$/i;
const BASE64_32 = /^[A-Za-z0-9+/_-]{43}=?$/;

/** Decodes a 32-byte key given as 64 hex digits or base64 / base64url; throws naming the variable. */
export function parseTokenKey(value: string, variable: string): TokenKey {
  const text = value.trim();
  let key: Buffer | undefined;
  if (HEX_32.test(text)) key = Buffer.from(text, 'hex');
  else if (BASE64_32.test(text)) key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) {
    throw new GateConfigError(
      `${variable} must be a 32-byte AES-256 key as 64 hex digits or base64 (generate one with: openssl rand -base64 32)`,
      variable,
    );
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/**
 * Reads GATE_TOKEN_KEY (required) and GATE_TOKEN_PREVIOUS_KEYS (optional, comma-separated) into a key ring.
 * Fails at start-up naming the variable that is missing or malformed.
 */
export function tokenKeyRingFromEnv(env: Record<string, string | undefined>): TokenKeyRing {
  const value = env['GATE_TOKEN_KEY'];
  if (value === undefined || value.trim() === '') {
    throw new GateConfigError(
      'GATE_TOKEN_KEY is required: a 32-byte AES-256 key (64 hex digits or base64) that encrypts pipeline AuthTokens on the bus; ' +
        'generate one with: openssl rand -base64 32',
      'GATE_TOKEN_KEY',
    );
  }
  const previous = (env['GATE_TOKEN_PREVIOUS_KEYS'] ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => parseTokenKey(part, 'GATE_TOKEN_PREVIOUS_KEYS'));
  return { current: parseTokenKey(value, 'GATE_TOKEN_KEY'), previous };
}

/**
 * For a service with no policy yet, which needs no key: a GATE_TOKEN_KEY (or GATE_TOKEN_PREVIOUS_KEYS
 * beside it) that is set but malformed stops start-up now, not on the day the first policy is added.
 */
export function assertTokenKeysWellFormed(env: Record<string, string | undefined>): void {
  if (env['GATE_TOKEN_KEY']?.trim()) tokenKeyRingFromEnv(env);
}

/** A fresh random key as base64, for the local all-in-one run when GATE_TOKEN_KEY is unset. */
export function generateTokenKey(): string {
  return randomBytes(32).toString('base64');
}
