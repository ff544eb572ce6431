import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { KEY, Ping, startAdminFixture, type AdminFixture } from '../test/admin-fixture';

const repoRoot = join(__dirname, '../../..');

/** The real entry point in its own Node process, as `nx run dead-letters:run` starts it. */
function runMain(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/dead-letters/src/main.ts', ...args],
      { cwd: repoRoot, env: { PATH: process.env['PATH'], ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('dead-letters main.ts', () => {
  let fixture: AdminFixture;
  beforeAll(async () => (fixture = await startAdminFixture()));
  afterAll(() => fixture.close());

  it('lists the dead letters of a running process and exits 0', async () => {
    const event = await fixture.deadLetter(7);
    const { code, stdout, stderr } = await runMain(['list', '--subscription', 'cli/checker'], { SWITCHYARD_URL: fixture.url, SWITCHYARD_ADMIN_KEY: KEY });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('cli/checker: 1 dead letter');
    expect(stdout).toMatch(new RegExp(`${event.id}\\s+${Ping.type.replace(/\./g, '\\.')}\\s+CHECK\\.POLICY_MISSING`));
  }, 60_000);

  it('exits 2 with guidance when it does not know where the bus is', async () => {
    const { code, stderr } = await runMain(['list'], {});
    expect(code).toBe(2);
    expect(stderr).toContain('[CLI.NO_TARGET]');
  }, 60_000);
});
