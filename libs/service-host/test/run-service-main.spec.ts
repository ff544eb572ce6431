import { spawn } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

function runFake(env: Record<string, string>) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'fake-service.main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', BUS: 'embedded', LOG_LEVEL: 'fatal', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  return { child, exited, output };
}

async function waitFor(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('runServiceMain', () => {
  it('starts the service on the bus from the environment and drains it on SIGTERM', async () => {
    const run = runFake({});
    await waitFor(() => run.output().stdout.includes('started on embedded'));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('service closed');
  }, 30_000);

  it('exits 1 and says what to fix when the service cannot start', async () => {
    const run = runFake({ FAKE_SERVICE_MODE: 'fail' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain('fake-service failed to start: FAKE_SETTING is missing: set it to a number');
  }, 30_000);

  it('exits 1 naming the variable when the bus configuration is wrong', async () => {
    const run = runFake({ BUS: 'kafka' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toMatch(/fake-service failed to start: .*BUS/);
  }, 30_000);
});
