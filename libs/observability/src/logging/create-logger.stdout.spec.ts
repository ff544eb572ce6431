import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const run = (mode: string) =>
  promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'spec-support', 'log-then-exit.ts'), mode], {
    cwd: repoRoot,
    env: process.env,
  });

describe('createLogger on stdout (batched)', () => {
  it('loses no line when the process exits right after logging, and redacts them', async () => {
    const { stdout } = await run('exit');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line['msg'])).toEqual(['line 0 [REDACTED]', 'line 1 [REDACTED]', 'line 2 [REDACTED]']);
    expect(stdout).not.toContain('very-secret-value');
    expect(stdout).not.toContain('abcdefgh');
  }, 30_000);

  it('writes every line whole, in order, when loggers sharing stdout log many batches and the process exits', async () => {
    const { stdout } = await run('burst');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { i: number; service: string });
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 1500 }, (_, i) => i));
    expect(lines.filter((line) => line.i % 2).every((line) => line.service === 'exit-test-2')).toBe(true);
  }, 30_000);

  it('writes lines at low traffic while the process runs, without waiting for a full batch or the exit', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'spec-support', 'log-then-exit.ts'), 'pause'], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let output = '';
    const seenWhileRunning = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('after a pause')) resolve(child.exitCode === null);
      });
      void exited.then(() => resolve(false));
    });
    child.kill();
    await exited;
    expect(seenWhileRunning).toBe(true);
  }, 30_000);
});
