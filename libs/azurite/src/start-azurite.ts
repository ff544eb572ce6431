import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { azuriteBlobEntry } from './azurite-entry';
import { AzuriteStartError } from './azurite-start.error';
import { DEV_ACCOUNT_NAME, devConnectionString } from './dev-account';

export interface StartAzuriteOptions {
  /** Folder for Azurite's database and blob extents (created if missing). */
  location: string;
  /** 0 or undefined picks a free port. */
  blobPort?: number;
  /** true (default): no access log, and Azurite's console output is not forwarded to stderr. */
  silent?: boolean;
  startTimeoutMs?: number;
  /**
   * Heap cap of the Azurite process. Azurite's own --extentMemoryLimit only applies to
   * --inMemoryPersistence, which cannot be combined with --location, so the cap is set on Node.
   */
  maxOldSpaceMb?: number;
}

export interface RunningAzurite {
  /** e.g. http://127.0.0.1:41234/devstoreaccount1 */
  blobEndpoint: string;
  blobPort: number;
  connectionString: string;
  /** The Azurite server's own pid. */
  pid: number;
  /** Settles when the process has exited, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Shuts Azurite down (gracefully, then SIGKILL after `graceMs`) and resolves once the pid is gone. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /successfully listens on https?:\/\/[^\s:]+:(\d+)/;

export async function startAzurite(options: StartAzuriteOptions): Promise<RunningAzurite> {
  const location = resolve(options.location);
  mkdirSync(location, { recursive: true });
  const silent = options.silent ?? true;
  const args = [
    `--max-old-space-size=${options.maxOldSpaceMb ?? 512}`,
    '--require',
    join(__dirname, 'exit-with-parent.js'),
    azuriteBlobEntry(),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(options.blobPort ?? 0),
    '--location',
    location,
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--loose',
    ...(silent ? ['--silent'] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: location, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const port = await waitForPort(child, exited, options.startTimeoutMs ?? 30_000, silent);
  const blobEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT_NAME}`;
  return {
    blobEndpoint,
    blobPort: port,
    connectionString: devConnectionString(blobEndpoint),
    pid: child.pid as number,
    exited,
    stop: (graceMs = 10_000) => stopChild(child, exited, graceMs),
  };
}

function waitForPort(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  timeoutMs: number,
  silent: boolean,
): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8_192);
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        forwardOrDrain(child, silent);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_192);
    });
    const timer = setTimeout(() => {
      void stopChild(child, exited, 0);
      reject(
        new AzuriteStartError(
          'AZURITE_START_TIMEOUT',
          `Azurite did not report listening within ${timeoutMs} ms. Its output: ${output.trim() || '(none)'}`,
        ),
      );
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new AzuriteStartError(
          'AZURITE_START_FAILED',
          `Azurite exited before listening (code ${code}, signal ${signal}); is the port free and the ` +
            `location writable? Its output: ${output.trim() || '(none)'}`,
        ),
      );
    });
  });
}

function forwardOrDrain(child: ChildProcess, silent: boolean): void {
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  if (silent) {
    child.stdout?.resume();
    child.stderr?.resume();
  } else {
    child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(`[azurite] ${chunk}`));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[azurite] ${chunk}`));
  }
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (graceMs > 0 && child.connected) {
    child.disconnect();
  } else if (graceMs > 0) {
    child.kill('SIGTERM');
  } else {
    child.kill('SIGKILL');
  }
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((done) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      done();
    }, graceMs);
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  await exited;
}
