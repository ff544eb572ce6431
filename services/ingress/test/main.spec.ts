import { createTestBus } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { runEntryPoint } from '@switchyard/testing';
import { startIngress } from '../src/start-ingress';

/** Runs services/ingress/src/main.ts (the ingress alone) until it exits, returning its output. */
async function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  // HOOK_KEYS from the developer's shell must not leak in unless the test sets it.
  const run = runEntryPoint('services/ingress/src/main.ts', [], { BUS: 'embedded', HOOK_KEYS: undefined, ...env });
  const { code } = await run.exited;
  return { code, output: run.output() };
}

describe('services/ingress/src/main.ts', () => {
  it('fails at start-up naming the missing variable', async () => {
    const { code, output } = await runMain({ PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain('HOOK_KEYS: is not set');
  }, 30_000);

  it('fails naming a malformed variable without echoing secrets', async () => {
    const { code, output } = await runMain({ PORT: '0', HOOK_KEYS: 'ado:0123456789abcdef0123', HOOK_MAX_BYTES: 'lots' });
    expect(code).toBe(1);
    expect(output).toContain('HOOK_MAX_BYTES: \\"lots\\" is not a whole number');
    expect(output).not.toContain('0123456789abcdef0123');
  }, 30_000);
});

describe('startIngress with a broken checks configuration', () => {
  it('rejects naming the variable instead of ending the process', async () => {
    const bus = createTestBus();
    try {
      await expect(
        startIngress({
          bus,
          env: { HOOK_KEYS: 'ado:0123456789abcdef0123', HOST: '127.0.0.1', GATE_POLICIES_FILE: '/nonexistent/policies.yaml' },
          port: 0,
          logger: createLogger({ service: 'ingress', level: 'silent' }),
        }),
      ).rejects.toThrow(/GATE_POLICIES_FILE/);
    } finally {
      await bus.close();
    }
  });
});

describe('startIngress with a proxy setting that cannot work', () => {
  it.each([
    // Fastify's proxy-addr refuses a /0 range with a message that names no variable.
    [{ TRUSTED_PROXIES: '0.0.0.0/0' }, /^TRUSTED_PROXIES: "0\.0\.0\.0\/0" would trust every address/],
    // The ingress serves plain HTTP: without a trusted proxy every request would get 403.
    [{ REQUIRE_HTTPS: 'true' }, /^REQUIRE_HTTPS: is true but TRUSTED_PROXIES is not set/],
  ])('refuses %j at start-up, naming the variable', async (env, message) => {
    const bus = createTestBus();
    const starting = startIngress({
      bus,
      env: { HOOK_KEYS: 'ado:0123456789abcdef0123', HOST: '127.0.0.1', ...env },
      port: 0,
      logger: createLogger({ service: 'ingress', level: 'silent' }),
    });
    try {
      await expect(starting).rejects.toThrow(message);
    } finally {
      await starting.then((ingress) => ingress.close(), () => undefined);
      await bus.close();
    }
  });
});
