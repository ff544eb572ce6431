import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BlobServiceClient } from '@azure/storage-blob';
import { devConnectionString } from '@switchyard/azurite';
import { closedPort, isProcessAlive, readFixtureBytes, readFixtureJson, runEntryPoint, type RunningProcess } from '@switchyard/testing';

/** The pids of a process's children (Linux: /proc), e.g. Azurite's before it listens and the ready line names it. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Runs what `npm start` runs, as a child process, without the secrets and storage a developer's shell may hold. */
function startLocalRun(env: Record<string, string>): RunningProcess {
  return runEntryPoint('services/all-in-one/src/main.ts', [], { HOOK_KEYS: undefined, GATE_TOKEN_KEY: undefined, STORAGE_CONNECTION_STRING: undefined, ...env });
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
    // Its own pid first, the one to signal; Azurite's, further on, is not.
    expect(ready[1]).toMatch(new RegExp(`^pid ${run.child.pid} · ingress http://127\\.0\\.0\\.1:\\d+`));
    const hookUrl = /Web Hooks subscription: (\S+)/.exec(run.output())?.[1] ?? '';
    expect(hookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/azure-devops\?code=[\w-]{20,}$/);
    // A subscription pasted from it stops working after a restart: say so, and how to keep the key.
    expect(run.stdout()).toContain(
      'HOOK_KEYS was not set; generated the hook key "local" for this run: it changes at every start, so a subscription with this URL gets 401 after a restart. ' +
        'To keep one, set HOOK_KEYS=local:<secret of 16 characters or more>.\n',
    );
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
    expect(run.output()).not.toContain('exited unexpectedly');
    expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);

  it('says where spans go, and still stops cleanly (exit 0) when the trace collector cannot be reached', async () => {
    const collector = `http://127.0.0.1:${await closedPort()}`;
    run = startLocalRun({ PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: collector, OTEL_EXPORTER_OTLP_TIMEOUT: '1000' });
    await run.waitForOutput(/switchyard ready: .* · Ctrl-C to stop\n/, 60_000);
    expect(run.output()).toContain(`tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to ${collector}/v1/traces`);
    const hookUrl = /Web Hooks subscription: (\S+)/.exec(run.output())?.[1] ?? '';
    const response = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFixtureBytes('hooks/go-playground-webhooks/build.complete.json') as unknown as RequestInit['body'] });
    expect(response.status).toBe(202);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('switchyard stopped');
    expect(run.output()).not.toContain('did not stop cleanly');
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
    // HOOK_KEYS set: the URL to paste, never the configured secret.
    expect(output).toMatch(/^Paste this URL into an Azure DevOps Web Hooks subscription, with a secret of HOOK_KEYS for <secret>: http:\/\/127\.0\.0\.1:\d+\/hooks\/azure-devops\?code=<secret>$/m);
    expect(output).not.toContain('orphan-test-key');
    expect(output).not.toContain('generated the hook key');
    azuritePid = Number(/\(pid (\d+)\)/.exec(output)?.[1]);
    expect(isProcessAlive(azuritePid)).toBe(true);

    shell.kill('SIGTERM');
    await until(/switchyard stopped/, 15_000);
    await closed;
    // Nobody can repeat a parent's exit: no hint to do it again.
    expect(output).toMatch(/switchyard stopping \(parent process \d+ exited\)…\n/);
    expect(output).not.toContain('to stop at once');
    expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);
});

/** The badge blobs Azurite holds, waiting up to `timeoutMs` for the first one. */
async function storedBadges(blobEndpoint: string, timeoutMs: number): Promise<string[]> {
  const container = BlobServiceClient.fromConnectionString(devConnectionString(blobEndpoint)).getContainerClient('badges');
  for (const deadline = Date.now() + timeoutMs; ; await delay(100)) {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) if (blob.name.endsWith('.svg')) names.push(blob.name);
    if (names.length > 0 || Date.now() >= deadline) return names;
  }
}

/** Only if a test failed half-way: never leave our own children behind. */
async function killLeftovers(run: RunningProcess | undefined, azuritePid: number | undefined): Promise<void> {
  if (run && run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill('SIGKILL');
    await run.exited;
  }
  if (azuritePid && isProcessAlive(azuritePid)) process.kill(azuritePid, 'SIGKILL');
}

describe('stopping npm start', () => {
  let stopped: RunningProcess | undefined;
  let azuritePid: number | undefined;

  afterEach(async () => {
    await killLeftovers(stopped, azuritePid);
    stopped = azuritePid = undefined;
  });

  it('stops cleanly on SIGINT to the pid the ready line shows, also when one Ctrl-C reaches it twice (terminal and npm)', async () => {
    const run = (stopped = startLocalRun({ PORT: '0', SWITCHYARD_AZURITE_MEMORY: 'true', LOG_LEVEL: 'warn' }));
    const ready = await run.waitForOutput(/switchyard ready: pid (\d+) · .* \(pid (\d+)\) · Ctrl-C to stop\n/, 60_000);
    const [pid, azurite] = [Number(ready[1]), Number(ready[2])];
    azuritePid = azurite;
    expect(pid).toBe(run.child.pid);
    // A hook whose body is still on its way keeps the ingress from closing until it ends, so the second
    // SIGINT surely comes while the run is stopping.
    const hookUrl = new URL(/Web Hooks subscription: (\S+)/.exec(run.output())![1]!);
    const upload = connect(Number(hookUrl.port), hookUrl.hostname).on('error', () => undefined);
    await once(upload, 'connect');
    upload.write(`POST ${hookUrl.pathname}${hookUrl.search} HTTP/1.1\r\nHost: ${hookUrl.host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    await delay(100);

    process.kill(pid, 'SIGINT');
    await run.waitForOutput(/switchyard stopping \(SIGINT\)/, 10_000);
    // What npm does when its script execs node: it forwards the SIGINT that the terminal sent to the whole group.
    process.kill(pid, 'SIGINT');
    await delay(300);
    upload.destroy();

    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('switchyard stopping (SIGINT)… (Ctrl-C again to stop at once)\n');
    expect(run.output()).not.toContain('stopping at once (');
    expect(run.stdout()).toContain('switchyard stopped');
    expect(isProcessAlive(azurite)).toBe(false);
  }, 90_000);

  it('keeps the badges Azurite stored just before a second Ctrl-C: it gets a grace to save its database instead of being killed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-at-once-'));
    try {
      const run = (stopped = startLocalRun({ PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
      const ready = await run.waitForOutput(/switchyard ready: pid (\d+) · .*azurite (http:\/\/\S+) \(pid (\d+)\) · Ctrl-C to stop\n/, 60_000);
      const [pid, blobEndpoint] = [Number(ready[1]), ready[2]!];
      azuritePid = Number(ready[3]);
      const hookUrl = new URL(/Web Hooks subscription: (\S+)/.exec(run.output())![1]!);
      const hook = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFixtureBytes('hooks/go-playground-webhooks/build.complete.json') as unknown as RequestInit['body'] });
      expect(hook.status).toBe(202);
      const badges = await storedBadges(blobEndpoint, 20_000);
      expect(badges.length).toBeGreaterThan(0);
      // Azurite saves its blob database every 5 s: this badge is surely not saved yet.
      const upload = connect(Number(hookUrl.port), hookUrl.hostname).on('error', () => undefined);
      await once(upload, 'connect');
      upload.write(`POST ${hookUrl.pathname}${hookUrl.search} HTTP/1.1\r\nHost: ${hookUrl.host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);

      process.kill(pid, 'SIGINT');
      await run.waitForOutput(/switchyard stopping \(SIGINT\)/, 10_000);
      await delay(300);
      process.kill(pid, 'SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
      upload.destroy();
      expect(run.stderr()).toContain('switchyard stopping at once (SIGINT again)');
      expect(run.stderr()).toContain('azurite gets up to 2 s to save its data (SIGINT once more to kill it');
      expect(isProcessAlive(azuritePid)).toBe(false);

      const again = (stopped = startLocalRun({ PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
      const readyAgain = await again.waitForOutput(/azurite (http:\/\/\S+) \(pid (\d+)\) · Ctrl-C to stop\n/, 60_000);
      azuritePid = Number(readyAgain[2]);
      expect(await storedBadges(readyAgain[1]!, 0)).toEqual(expect.arrayContaining(badges));
      again.child.kill('SIGTERM');
      expect((await again.exited).code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('says what a second Ctrl-C drops, as a clean stop does: the hooks answered 202 that the bus still held', async () => {
    const run = (stopped = startLocalRun({ PORT: '0', SWITCHYARD_AZURITE_MEMORY: 'true', LOG_LEVEL: 'warn' }));
    const ready = await run.waitForOutput(/switchyard ready: pid (\d+) · .* \(pid (\d+)\) · Ctrl-C to stop\n/, 60_000);
    const pid = Number(ready[1]);
    azuritePid = Number(ready[2]);
    // Azurite frozen: every badge write hangs, so the handlers of these hooks are still running, and the
    // clean stop still waiting for them, when the second Ctrl-C comes (a slow Azure DevOps does the same).
    process.kill(azuritePid, 'SIGSTOP');
    try {
      const hookUrl = new URL(/Web Hooks subscription: (\S+)/.exec(run.output())![1]!);
      const hook = readFixtureJson<{ id: string }>('hooks/go-playground-webhooks/build.complete.json');
      for (const id of ['at-once-1', 'at-once-2', 'at-once-3']) {
        const answer = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...hook, id }) });
        expect(answer.status).toBe(202);
      }

      process.kill(pid, 'SIGINT');
      await run.waitForOutput(/switchyard stopping \(SIGINT\)/, 10_000);
      await delay(300);
      process.kill(pid, 'SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
    } finally {
      if (isProcessAlive(azuritePid)) process.kill(azuritePid, 'SIGCONT');
    }
    const line = run.stderr().split('\n').find((l) => l.includes('"messaging.embedded.dropped-on-close"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).dropped).toContainEqual({ topic: 'builds', subscription: 'badge-renderer', queued: 3, scheduled: 0 });
  }, 90_000);

  it('stops cleanly on SIGHUP (the terminal was closed), Azurite included, instead of Node exiting at once', async () => {
    const run = (stopped = startLocalRun({ PORT: '0', SWITCHYARD_AZURITE_MEMORY: 'true', LOG_LEVEL: 'warn' }));
    const ready = await run.waitForOutput(/ \(pid (\d+)\) · Ctrl-C to stop\n/, 60_000);
    azuritePid = Number(ready[1]);

    run.child.kill('SIGHUP');

    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('switchyard stopping (SIGHUP)');
    expect(run.stdout()).toContain('switchyard stopped\n');
    expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);
});

describe('stopping npm start before it is ready, and Azurite going away', () => {
  let run: RunningProcess | undefined;
  let azuritePid: number | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await killLeftovers(run, azuritePid);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    run = azuritePid = dataDir = undefined;
  });

  (existsSync(`/proc/${process.pid}/task/${process.pid}/children`) ? it : it.skip)('stops cleanly on SIGTERM while Azurite is starting: Azurite is gone and the folder unlocked when it exits', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-early-stop-'));
    run = startLocalRun({ PORT: '0', SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const pid = run.child.pid as number;
    for (const deadline = Date.now() + 60_000; !azuritePid; await delay(20)) {
      if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`Azurite was never started:\n${run.output()}`);
      azuritePid = childPids(pid)[0];
    }

    run.child.kill('SIGTERM');

    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(isProcessAlive(azuritePid)).toBe(false);
    expect(existsSync(join(dataDir, 'switchyard.lock'))).toBe(false);
    expect(run.stdout()).toContain('switchyard stopping (SIGTERM)… (SIGTERM again to stop at once)\n');
    expect(run.stdout()).toContain('switchyard stopped\n');
    expect(run.output()).not.toContain('switchyard ready');
  }, 90_000);

  it('starts Azurite again on its port when it exits under the run, is ready again, and stops the new one', async () => {
    run = startLocalRun({ PORT: '0', SWITCHYARD_AZURITE_MEMORY: 'true', LOG_LEVEL: 'warn' });
    const ready = await run.waitForOutput(/ingress (http:\/\/\S+) .*azurite http:\/\/127\.0\.0\.1:(\d+)\S* \(pid (\d+)\) · Ctrl-C to stop\n/, 60_000);
    const [ingressUrl, blobPort] = [ready[1]!, ready[2]!];
    const firstPid = Number(ready[3]);

    process.kill(firstPid, 'SIGKILL');

    const restarted = await run.waitForOutput(/azurite started again \(pid (\d+)\)/, 20_000);
    azuritePid = Number(restarted[1]);
    expect(run.stderr()).toContain(
      `azurite (pid ${firstPid}) exited unexpectedly (signal SIGKILL): starting it again in 1 s, on the same port; badge writes fail meanwhile and the bus delivers them again.\n`,
    );
    expect(run.stderr()).toContain(`azurite started again (pid ${azuritePid}), empty: it kept its blobs in memory, so badges are written anew as events arrive.\n`);
    expect(azuritePid).not.toBe(firstPid);
    expect(isProcessAlive(azuritePid)).toBe(true);
    // The same port, so the connection string every service holds still reaches it.
    const listening = connect(Number(blobPort), '127.0.0.1');
    await once(listening, 'connect');
    listening.destroy();
    for (const deadline = Date.now() + 20_000; (await fetch(`${ingressUrl}/readyz`)).status !== 200; await delay(250)) {
      if (Date.now() > deadline) throw new Error(`/readyz never answered 200 again:\n${run.output()}`);
    }

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('switchyard stopped');
    expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);
});

describe('npm start with settings it cannot use', () => {
  const runs: RunningProcess[] = [];

  /** A run with Azurite in memory (nothing to clean up on disk) and a free port. */
  function startWith(env: Record<string, string>): RunningProcess {
    const run = startLocalRun({ PORT: '0', SWITCHYARD_AZURITE_MEMORY: 'true', LOG_LEVEL: 'warn', ...env });
    runs.push(run);
    return run;
  }

  afterEach(async () => {
    // Only if a test failed half-way: never leave a run behind.
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGTERM');
        await run.exited;
      }
    }
  });

  it('says in one line that it ignores the Service Bus settings, then runs on the in-process bus', async () => {
    const run = startWith({ BUS: 'servicebus', SERVICEBUS_FQDN: 'myns.servicebus.windows.net' });
    await run.waitForOutput(/switchyard ready: .* · Ctrl-C to stop\n/, 60_000);
    const warnings = run.stderr().match(/^Ignoring .*$/gm) ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Ignoring BUS=servicebus, .*SERVICEBUS_FQDN.*: npm start runs every service on one in-process bus, never on Service Bus\./);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  }, 90_000);

  it('refuses a BUS value no service accepts, naming BUS, before starting anything', async () => {
    const run = startWith({ BUS: 'embeded' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain('switchyard failed to start: BUS must be "embedded" or "servicebus" (got "embeded")');
    expect(run.output()).not.toMatch(/azurite/i);
  }, 30_000);

  it('prints a refused setting with a placeholder secret readable, the secret itself too short to scrub from it', async () => {
    const run = startWith({ HOOK_KEYS: 'local:e' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain('switchyard failed to start: HOOK_KEYS: entry 1 has a secret shorter than 16 characters');
  }, 30_000);

  it('names HOST and its value when the ingress cannot listen on it', async () => {
    const run = startWith({ HOST: 'not-a-host' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(/switchyard failed to start: HOST=not-a-host does not resolve to an address .*set HOST to an address of this machine/);
    expect(run.output().match(/ENOTFOUND/g)).toHaveLength(1);
  }, 60_000);

  it('says once, in one line, that PORT is in use: no raw error line from Nest before it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = startWith({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info' });
      expect((await run.exited).code).toBe(1);
      expect(run.stderr()).toContain(`switchyard failed to start: PORT=${port} on HOST=127.0.0.1 is already in use (EADDRINUSE)`);
      expect(run.output().match(/EADDRINUSE/g)).toHaveLength(1);
    } finally {
      taken.close();
    }
  }, 60_000);
});
