import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repository root: entry points are resolved from here, as `npm start` and the scripts do. */
const repoRoot = join(__dirname, '..', '..', '..');

/** How long `exited` waits for the last output once the process has exited (see below). */
const OUTPUT_DRAIN_MS = 1_000;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Settles once the process has exited and its output has been read. */
  exited: Promise<ProcessExit>;
  /** stdout and stderr as they arrived, interleaved. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the first match of `pattern` in the output; rejects, with the output so far,
   * when the process exits without printing it or after `timeoutMs`.
   */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

export interface RunEntryPointOptions {
  /** false: the child sees only PATH plus `env`, nothing of the test runner's environment. Default true. */
  inheritEnv?: boolean;
}

/**
 * Runs a TypeScript entry point (a path relative to the repository root, or absolute) the way the
 * project's scripts do: `node -r @swc-node/register <entry> ...args`, from the repository root.
 * `env` is laid over the test's environment; an undefined value removes that variable.
 * The caller ends the process (e.g. `run.child.kill('SIGTERM')`) and awaits `exited`.
 */
export function runEntryPoint(
  entry: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: RunEntryPointOptions = {},
): RunningProcess {
  const base = options.inheritEnv === false ? { PATH: process.env['PATH'] } : process.env;
  const childEnv: Record<string, string | undefined> = { ...base };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, ...args], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    output += text;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    output += text;
  });

  let finished: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => {
      // 'exit' can come before the last output has been read; 'close' comes after it, but never
      // while a grandchild still holds the pipes, so wait for it only briefly.
      const settle = () => {
        clearTimeout(drain);
        finished = { code, signal };
        resolve(finished);
      };
      const drain = setTimeout(settle, OUTPUT_DRAIN_MS);
      child.once('close', settle);
    }),
  );

  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const timer = setInterval(() => {
        const match = pattern.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match);
        } else if (finished || Date.now() > deadline) {
          clearInterval(timer);
          const why = finished ? `before the process exited (code ${finished.code}, signal ${finished.signal})` : `within ${timeoutMs} ms`;
          reject(new Error(`no output matching ${pattern} ${why}; output:\n${output}`));
        }
      }, 50);
    });

  return { child, exited, output: () => output, stdout: () => stdout, stderr: () => stderr, waitForOutput };
}
