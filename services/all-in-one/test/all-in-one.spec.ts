import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureBytes } from '@switchyard/testing';

const repoRoot = join(__dirname, '..', '..', '..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs what `npm start` runs, as a child process, and collects its output. */
function startLocalRun(env: Record<string, string>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv['HOOK_KEYS'];
  delete childEnv['GATE_TOKEN_KEY'];
  delete childEnv['STORAGE_CONNECTION_STRING'];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/all-in-one/src/main.ts'], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = pattern.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match);
        } else if (child.exitCode !== null || Date.now() > deadline) {
          clearInterval(timer);
          reject(new Error(`no line matching ${pattern} (exit ${child.exitCode}); output:\n${output}`));
        }
      }, 50);
      const deadline = Date.now() + timeoutMs;
    });
  return { child, exited, output: () => output, waitForLine };
}

describe('npm start (all-in-one local run)', () => {
  let dataDir: string;
  let run: ReturnType<typeof startLocalRun> | undefined;
  let azuritePid: number | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-local-'));
  });

  afterAll(async () => {
    // Only if the test failed half-way: never leave our own children behind.
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    if (azuritePid && isAlive(azuritePid)) process.kill(azuritePid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts everything, prints the hook URL and one ready line, accepts a hook and stops cleanly on SIGTERM', async () => {
    run = startLocalRun({ PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn', SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json') });
    const ready = await run.waitForLine(/switchyard ready: (.*) · Ctrl-C to stop\n/, 60_000);
    expect(ready[1]).toMatch(/ingress http:\/\/127\.0\.0\.1:\d+/);
    const hookUrl = /Web Hooks subscription: (\S+)/.exec(run.output())?.[1] ?? '';
    expect(hookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/azure-devops\?code=[\w-]{20,}$/);
    azuritePid = Number(/azurite http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1 \(pid (\d+)\)/.exec(ready[1])?.[1]);
    expect(azuritePid).toBeGreaterThan(0);
    expect(isAlive(azuritePid)).toBe(true);
    expect(run.output().match(/switchyard ready/g)).toHaveLength(1);

    const response = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: readFixtureBytes('hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json') as unknown as RequestInit['body'],
    });
    expect(response.status).toBe(202);
    const wrongKey = await fetch(hookUrl.replace(/code=.*/, 'code=wrong'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongKey.status).toBe(401);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('switchyard stopped');
    expect(isAlive(azuritePid)).toBe(false);
  }, 90_000);
});
