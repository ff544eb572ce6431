import { ensureLocalSecrets } from './local-secrets';

describe('ensureLocalSecrets (npm start without HOOK_KEYS / GATE_TOKEN_KEY)', () => {
  it.each([
    ['unset', undefined],
    ['blank', '  '],
  ])('generates a hook key named "local" when HOOK_KEYS is %s, and puts it into env for the ingress', (_, value) => {
    const env: Record<string, string | undefined> = { HOOK_KEYS: value, GATE_TOKEN_KEY: 'kept' };
    const generated = ensureLocalSecrets(env);
    expect(generated.hookKey?.name).toBe('local');
    // The ingress refuses secrets shorter than 16 characters; the URL carries it unescaped.
    expect(generated.hookKey?.secret).toMatch(/^[\w-]{16,}$/);
    expect(env['HOOK_KEYS']).toBe(`local:${generated.hookKey?.secret}`);
    expect(ensureLocalSecrets({ GATE_TOKEN_KEY: 'kept' }).hookKey?.secret).not.toBe(generated.hookKey?.secret);
  });

  it("keeps the user's HOOK_KEYS and reports no generated key, so the key is never printed", () => {
    const env: Record<string, string | undefined> = { HOOK_KEYS: 'mine:my-own-secret-0123456789', GATE_TOKEN_KEY: 'kept' };
    expect(ensureLocalSecrets(env)).toEqual({ gateTokenKeyGenerated: false });
    expect(env).toEqual({ HOOK_KEYS: 'mine:my-own-secret-0123456789', GATE_TOKEN_KEY: 'kept' });
  });

  it.each([
    ['unset', undefined],
    ['blank', ' '],
  ])('generates a 32-byte GATE_TOKEN_KEY (base64) when it is %s, which the ingress and the gate evaluator share through env', (_, value) => {
    const env: Record<string, string | undefined> = { HOOK_KEYS: 'mine:my-own-secret-0123456789', GATE_TOKEN_KEY: value };
    expect(ensureLocalSecrets(env).gateTokenKeyGenerated).toBe(true);
    expect(env['GATE_TOKEN_KEY']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(env['GATE_TOKEN_KEY'] as string, 'base64')).toHaveLength(32);
  });
});
