import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');

export interface RunningProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/** Runs a TypeScript entry point the way the project's scripts do (`node -r @swc-node/register`). */
export function runNode(entry: string, args: readonly string[], env: Record<string, string | undefined>): RunningProcess {
  // An undefined value removes the variable from the child's environment.
  const childEnv: Record<string, string | undefined> = { ...process.env, SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json') };
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
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const timer = setInterval(() => {
        const match = pattern.exec(output);
        if (match || child.exitCode !== null || Date.now() > deadline) clearInterval(timer);
        if (match) resolve(match);
        else if (child.exitCode !== null || Date.now() > deadline) reject(new Error(`no output matching ${pattern} (exit ${child.exitCode}):\n${output}`));
      }, 50);
    });
  return { child, exited, output: () => output, waitForOutput };
}
