import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GateTokenError } from '../errors/gate-token.error';
import type { TokenKey, TokenKeyRing } from './token-keys';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a pipeline AuthToken with AES-256-GCM: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url).
 * `context` (e.g. the plan and job ids) is bound as additional authenticated data, so a sealed token
 * copied into another check's message does not open.
 */
export function sealToken(token: string, keys: TokenKeyRing | TokenKey, context = ''): string {
  const key = 'current' in keys ? keys.current : keys;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [VERSION, key.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Decrypts what `sealToken` produced; throws GateTokenError (without any secret) when it cannot. */
export function unsealToken(sealed: string, keys: TokenKeyRing | TokenKey, context = ''): string {
  const [version, keyId, iv, ciphertext, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length > 0) {
    throw new GateTokenError('The sealed AuthToken is not in the v1 format; it was not produced by switchyard');
  }
  const ring = 'current' in keys ? [keys.current, ...keys.previous] : [keys];
  const key = ring.find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new GateTokenError(
      `The AuthToken was sealed with key ${keyId}, which is neither GATE_TOKEN_KEY nor in GATE_TOKEN_PREVIOUS_KEYS; ` +
        'add the old key to GATE_TOKEN_PREVIOUS_KEYS after a rotation',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new GateTokenError(`The sealed AuthToken (key ${keyId}) failed authentication: it was altered or belongs to another check (another plan, job or task, or another PlanUrl, ProjectId or HubName)`);
  }
}
