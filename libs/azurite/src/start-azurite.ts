import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { azuriteBlobEntry } from './azurite-entry';
import { makeFolder } from './make-folder';
import { AzuriteStartError } from './azurite-start.error';
import { DEV_ACCOUNT_NAME, devConnectionString } from './dev-account';

interface CommonOptions {
  /** 0 or undefined picks a free port. */
  blobPort?: number;
  /** true (default): no access log, and Azurite's console output is not forwarded to stderr. */
  silent?: boolean;
  startTimeoutMs?: number;
  /** Heap cap of the Azurite process (MB, default 512). */
  maxOldSpaceMb?: number;
}

/** Blobs and metadata on disk under `location`; they survive a restart. */
export interface OnDiskAzuriteOptions extends CommonOptions {
  /** Folder for Azurite's database and blob extents (created if missing). */
  location: string;
  inMemory?: false;
}

/**
 * Nothing on disk (`--inMemoryPersistence`): everything is gone when Azurite stops. Azurite then
 * never saves its metadata databases, which it otherwise does every 5 s with the event loop held.
 */
export interface InMemoryAzuriteOptions extends CommonOptions {
  inMemory: true;
  /** Azurite refuses `--location` together with `--inMemoryPersistence`. */
  location?: undefined;
  /** Cap on the blob contents kept in memory (`--extentMemoryLimit`, MB, default 256). */
  extentMemoryLimitMb?: number;
}

export type StartAzuriteOptions = OnDiskAzuriteOptions | InMemoryAzuriteOptions;

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

function persistenceArgs(options: StartAzuriteOptions): { args: string[]; cwd: string; location?: string } {
  if (options.inMemory) {
    if (options.location !== undefined) {
      throw new AzuriteStartError('AZURITE_OPTIONS_INVALID', 'startAzurite: pass either inMemory: true or a location, not both.');
    }
    const limit = options.extentMemoryLimitMb ?? 256;
    return { args: ['--inMemoryPersistence', '--extentMemoryLimit', String(limit)], cwd: tmpdir() };
  }
  const location = resolve(options.location);
  makeFolder(location);
  return { args: ['--location', location], cwd: location, location };
}

export async function startAzurite(options: StartAzuriteOptions): Promise<RunningAzurite> {
  const persistence = persistenceArgs(options);
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
    ...persistence.args,
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--loose',
    ...(silent ? ['--silent'] : []),
  ];
  // detached: Azurite gets its own process group, so a Ctrl-C in the terminal (SIGINT to the
  // foreground group) reaches only the parent, which drains its services and then calls stop().
  // Azurite still ends with the parent: the preload shuts it down when the IPC channel closes.
  const child = spawn(process.execPath, args, {
    cwd: persistence.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
    windowsHide: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const port = await waitForPort(child, exited, options.startTimeoutMs ?? 30_000, silent, persistence.location);
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
  location: string | undefined,
): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    let output = '';
    let port: number | undefined;
    let handlerReady = false;
    // Ready once it listens and its shutdown handler exists (reported by exit-with-parent.js):
    // before that, stop() could not shut it down gracefully.
    const settleIfReady = (): void => {
      if (port === undefined || !handlerReady) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolvePort(port);
    };
    const onMessage = (message: unknown): void => {
      if ((message as { azurite?: unknown } | null)?.azurite !== 'shutdown-handler-ready') return;
      handlerReady = true;
      settleIfReady();
    };
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8_192);
      const match = LISTENING.exec(output);
      if (match) {
        port = Number(match[1]);
        forwardOrDrain(child, silent);
        settleIfReady();
      }
    };
    child.on('message', onMessage);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_192);
    });
    const timer = setTimeout(() => {
      void stopChild(child, exited, 0);
      reject(
        new AzuriteStartError(
          'AZURITE_START_TIMEOUT',
          port === undefined
            ? `Azurite did not report listening within ${timeoutMs} ms. Its output: ${output.trim() || '(none)'}`
            : `Azurite listened on port ${port} but registered no SIGTERM handler within ${timeoutMs} ms, so it could not be ` +
              `stopped cleanly; the installed azurite package (${azuriteVersion()}) may shut down differently from the 3.x releases ` +
              'this was written for: install a 3.x azurite, 3.35 or later.',
        ),
      );
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new AzuriteStartError(
          'AZURITE_START_FAILED',
          `Azurite exited before listening (code ${code}, signal ${signal}): ${startFailureHint(output, location)} ` +
            `Its output: ${output.trim() || '(none)'}`,
        ),
      );
    });
  });
}

/** What to check, from what Azurite printed: its port, its data folder, or a database file it cannot read. */
function startFailureHint(output: string, location: string | undefined): string {
  if (/EADDRINUSE/.test(output)) return 'its port is in use by another process.';
  // LokiJS reads each database with JSON.parse: a file cut short (disk full, a kill while saving) stops every start.
  if (location && /SyntaxError|JSON/.test(output)) {
    return (
      `it could not read its database in ${location}: move the damaged __azurite_db_*.json files there aside ` +
      '(the blobs they describe are then gone), or use another data folder.'
    );
  }
  return location ? `is the port free and ${location} a folder it can write to?` : 'is the port free?';
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
  if (graceMs <= 0) {
    child.kill('SIGKILL');
  } else if (!shutdownAsked.has(child)) {
    shutdownAsked.add(child);
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  }
  // A later stop (a shorter grace, or 0) only brings the SIGKILL forward: Azurite's shutdown handler
  // runs once, so a second SIGTERM would kill it half-way through saving its database.
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((done) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      done();
    }, Math.max(graceMs, 0));
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  await exited;
}

/** Children whose graceful shutdown has been asked for. */
const shutdownAsked = new WeakSet<ChildProcess>();

function azuriteVersion(): string {
  try {
    return `version ${(require('azurite/package.json') as { version?: string }).version ?? 'unknown'}`;
  } catch {
    return 'version unknown';
  }
}
