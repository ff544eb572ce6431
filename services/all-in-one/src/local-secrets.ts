import { randomBytes } from 'node:crypto';

export interface GeneratedSecrets {
  /** The hook key generated for this run, when HOOK_KEYS was unset. */
  hookKey?: { name: string; secret: string };
  gateTokenKeyGenerated: boolean;
}

/**
 * Fills in the secrets a local run needs when they are not set: a hook key named `local` and a
 * 32-byte GATE_TOKEN_KEY. They live only in this process's environment.
 */
export function ensureLocalSecrets(env: Record<string, string | undefined>): GeneratedSecrets {
  const generated: GeneratedSecrets = { gateTokenKeyGenerated: false };
  if (!env['HOOK_KEYS']?.trim()) {
    const secret = randomBytes(24).toString('base64url');
    env['HOOK_KEYS'] = `local:${secret}`;
    generated.hookKey = { name: 'local', secret };
  }
  if (!env['GATE_TOKEN_KEY']?.trim()) {
    env['GATE_TOKEN_KEY'] = randomBytes(32).toString('base64');
    generated.gateTokenKeyGenerated = true;
  }
  return generated;
}
