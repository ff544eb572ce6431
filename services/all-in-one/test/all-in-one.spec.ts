import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, readFixtureBytes, runEntryPoint, type RunningProcess } from '@switchyard/testing';

/** Runs what `npm start` runs, as a child process, without the secrets and storage a developer's shell may hold. */
function startLocalRun(env: Record<string, string>): RunningProcess {
  return runEntryPoint('services/all-in-one/src/main.ts', [], { ...env, HOOK_KEYS: undefined, GATE_TOKEN_KEY: undefined, STORAGE_CONNECTION_STRING: undefined });
}

describe('npm start (all-in-one local run)', () => {
  let dataDir: string;
  let run: RunningProcess | undefined;
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
    if (azuritePid && isProcessAlive(azuritePid)) process.kill(azuritePid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts everything, prints the hook URL and one ready line, accepts a hook and stops cleanly on SIGTERM', async () => {
    run = startLocalRun({ PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const ready = await run.waitForOutput(/switchyard ready: (.*) · Ctrl-C to stop\n/, 60_000);
    expect(ready[1]).toMatch(/ingress http:\/\/127\.0\.0\.1:\d+/);
    const hookUrl = /Web Hooks subscription: (\S+)/.exec(run.output())?.[1] ?? '';
    expect(hookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/azure-devops\?code=[\w-]{20,}$/);
    azuritePid = Number(/azurite http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1 \(pid (\d+)\)/.exec(ready[1])?.[1]);
    expect(azuritePid).toBeGreaterThan(0);
    expect(isProcessAlive(azuritePid)).toBe(true);
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
    expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);

  it('stops cleanly when the shell that started it dies (a SIGTERM to npm reaches only its `sh -c`)', async () => {
    // What `npm start` runs, kept from exec-ing node so that the shell stays its parent.
    const shell = spawn('/bin/sh', ['-c', 'node -r @swc-node/register services/all-in-one/src/main.ts; exit 0'], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOOK_KEYS: 'test:orphan-test-key-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const closed = new Promise<void>((resolve) => {
      shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      shell.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      // The pipes close only when the node process, which holds them too, has exited.
      shell.stdout.on('close', resolve);
    });
    const until = async (pattern: RegExp, timeoutMs: number) => {
      for (const deadline = Date.now() + timeoutMs; !pattern.test(output); ) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until(/switchyard ready: .* · Ctrl-C to stop\n/, 60_000);
    azuritePid = Number(/\(pid (\d+)\)/.exec(output)?.[1]);
    expect(isProcessAlive(azuritePid)).toBe(true);

    shell.kill('SIGTERM');
    await until(/switchyard stopped/, 15_000);
    await closed;
    expect(output).toMatch(/switchyard stopping \(parent process \d+ exited\)/);
    expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);
});
