import { join } from 'node:path';
import { isProcessAlive } from './is-process-alive';
import { runEntryPoint, type RunningProcess } from './run-entry-point';

const entry = join(__dirname, '..', 'test', 'print-and-exit.ts');

describe('runEntryPoint', () => {
  const running: RunningProcess[] = [];
  const run = (args: string[], env: Record<string, string | undefined> = {}, options = {}) => {
    const started = runEntryPoint(entry, args, env, options);
    running.push(started);
    return started;
  };

  afterEach(async () => {
    // Only when a test failed half-way: never leave a child behind.
    for (const child of running.splice(0)) {
      if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
      await child.exited;
    }
  });

  afterEach(() => {
    delete process.env['ENTRY_POINT_INHERITED'];
  });

  it('runs a TypeScript entry with its arguments, collects stdout and stderr and reports the exit code', async () => {
    const child = run(['exit', '3'], { ENTRY_POINT_GREETING: 'hello' });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(child.stdout()).toBe('ENTRY_POINT_GREETING=hello ENTRY_POINT_INHERITED=(unset)\n');
    expect(child.stderr()).toBe('a warning on stderr\n');
    expect(child.output()).toContain('ENTRY_POINT_GREETING=hello');
    expect(child.output()).toContain('a warning on stderr');
  }, 30_000);

  it("passes the test's environment on, except variables given as undefined", async () => {
    process.env['ENTRY_POINT_INHERITED'] = 'yes';
    const inherited = run(['exit', '0']);
    const removed = run(['exit', '0'], { ENTRY_POINT_INHERITED: undefined });
    const isolated = run(['exit', '0'], { ENTRY_POINT_GREETING: 'only this' }, { inheritEnv: false });
    await Promise.all([inherited.exited, removed.exited, isolated.exited]);
    expect(inherited.stdout()).toContain('ENTRY_POINT_INHERITED=yes');
    expect(removed.stdout()).toContain('ENTRY_POINT_INHERITED=(unset)');
    expect(isolated.stdout()).toBe('ENTRY_POINT_GREETING=only this ENTRY_POINT_INHERITED=(unset)\n');
  }, 30_000);

  it('waits for a line, and reports exit 0 once the process stops cleanly on SIGTERM', async () => {
    const child = run(['serve']);
    const [, pid] = await child.waitForOutput(/serving as (\d+)\n/, 20_000);
    expect(Number(pid)).toBe(child.child.pid);
    expect(isProcessAlive(Number(pid))).toBe(true);
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('stopped\n');
    expect(isProcessAlive(Number(pid))).toBe(false);
  }, 30_000);

  it('fails the wait after the timeout, showing the output so far', async () => {
    const child = run(['serve']);
    await child.waitForOutput(/serving as/, 20_000);
    const started = Date.now();
    await expect(child.waitForOutput(/never printed/, 300)).rejects.toThrow(/no output matching \/never printed\/ within 300 ms; output:\nserving as \d+\n/);
    expect(Date.now() - started).toBeLessThan(5_000);
    child.child.kill('SIGTERM');
    await child.exited;
  }, 30_000);

  it('fails the wait as soon as the process exits without the line, with its exit code and output', async () => {
    const child = run(['exit', '5']);
    await expect(child.waitForOutput(/never printed/, 60_000)).rejects.toThrow(
      /before the process exited \(code 5, signal null\); output:\n[\s\S]*a warning on stderr/,
    );
  }, 30_000);
});

describe('isProcessAlive', () => {
  it('is true for this process and false for a pid that is not in use', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    // Above Linux's pid_max limit (4194304), so never a live process.
    expect(isProcessAlive(2 ** 22 + 1)).toBe(false);
  });
});
