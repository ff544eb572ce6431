import { GateConfigError } from '../errors/gate-config.error';
import { GateTokenError } from '../errors/gate-token.error';
import { sealToken, unsealToken } from './seal-token';
import { generateTokenKey, parseTokenKey, tokenKeyRingFromEnv } from './token-keys';

const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.pipeline-access-token.signature';

describe('sealToken / unsealToken', () => {
  const keys = tokenKeyRingFromEnv({ GATE_TOKEN_KEY: generateTokenKey() });

  it('round-trips and never contains the token in clear', () => {
    const sealed = sealToken(token, keys, 'plan-1/job-1');
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(Buffer.from(token).toString('base64'));
    expect(unsealToken(sealed, keys, 'plan-1/job-1')).toBe(token);
  });

  it('uses a fresh IV each time', () => {
    expect(sealToken(token, keys)).not.toBe(sealToken(token, keys));
  });

  it('refuses a token moved to another check (context is authenticated)', () => {
    const sealed = sealToken(token, keys, 'plan-1/job-1');
    expect(() => unsealToken(sealed, keys, 'plan-2/job-1')).toThrow(GateTokenError);
  });

  it('refuses tampered ciphertext without revealing anything', () => {
    const parts = sealToken(token, keys).split('.');
    const bytes = Buffer.from(parts[3], 'base64url');
    bytes[0] ^= 1;
    parts[3] = bytes.toString('base64url');
    let caught: unknown;
    try {
      unsealToken(parts.join('.'), keys);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GateTokenError);
    expect((caught as GateTokenError).code).toBe('GATES.TOKEN_UNREADABLE');
    expect(JSON.stringify(caught) + (caught as Error).message + (caught as Error).stack).not.toContain('pipeline-access-token');
  });

  it('opens tokens sealed with a previous key after a rotation, and names the missing key otherwise', () => {
    const oldKey = generateTokenKey();
    const sealed = sealToken(token, tokenKeyRingFromEnv({ GATE_TOKEN_KEY: oldKey }));
    const rotated = tokenKeyRingFromEnv({ GATE_TOKEN_KEY: generateTokenKey(), GATE_TOKEN_PREVIOUS_KEYS: oldKey });
    expect(unsealToken(sealed, rotated)).toBe(token);
    const forgotten = tokenKeyRingFromEnv({ GATE_TOKEN_KEY: generateTokenKey() });
    expect(() => unsealToken(sealed, forgotten)).toThrow(/GATE_TOKEN_PREVIOUS_KEYS/);
  });

  it('refuses text that is not a sealed token', () => {
    expect(() => unsealToken(token, keys)).toThrow(/not in the v1 format/);
  });
});

describe('tokenKeyRingFromEnv', () => {
  it('names GATE_TOKEN_KEY when it is missing', () => {
    expect(() => tokenKeyRingFromEnv({})).toThrow(GateConfigError);
    expect(() => tokenKeyRingFromEnv({})).toThrow(/GATE_TOKEN_KEY is required/);
  });

  it.each(['short', 'zz'.repeat(32), Buffer.alloc(16).toString('base64')])('names the variable for a malformed key %j', (value) => {
    expect(() => tokenKeyRingFromEnv({ GATE_TOKEN_KEY: value })).toThrow(/GATE_TOKEN_KEY must be a 32-byte/);
  });

  it('accepts hex, base64 and base64url forms of the same key', () => {
    const raw = Buffer.from(generateTokenKey(), 'base64');
    const ids = [raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')].map((text) => parseTokenKey(text, 'K').id);
    expect(new Set(ids).size).toBe(1);
  });

  it('names GATE_TOKEN_PREVIOUS_KEYS when an old key is malformed', () => {
    expect(() => tokenKeyRingFromEnv({ GATE_TOKEN_KEY: generateTokenKey(), GATE_TOKEN_PREVIOUS_KEYS: 'nope' })).toThrow(/GATE_TOKEN_PREVIOUS_KEYS/);
  });
});
