import { spawn } from 'node:child_process';
import { createTestBus } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { startIngress } from '../src/start-ingress';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

/** Runs services/ingress/src/main.ts (the ingress alone) until it exits, returning its output. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json'),
    BUS: 'embedded',
    ...env,
  };
  if (!('HOOK_KEYS' in env)) delete childEnv['HOOK_KEYS'];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/ingress/src/main.ts'], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
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
