import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BadgeTestEnv } from './badge-test-env';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/badge-renderer/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    lines,
    exited,
    async waitForLine(text: string, timeoutMs = 40_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((line) => line.includes(text));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no line with "${text}" in:\n${lines.join('\n')}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 250);
        });
      }
    },
  };
}

describe('main.ts (the badge renderer alone)', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());

  it('serves health, readiness and metrics on PORT and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const run = runMain({ ...env.env('main-run'), PORT: String(port), BUS: 'embedded', LOG_LEVEL: 'info' });
    try {
      await run.waitForLine('badge renderer started');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { bus: { ok: true }, 'blob-storage': { ok: true } } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('switchyard_badge_events_total');
      expect((await fetch(`${env.container('main-run').url}/index.html`)).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it('fails at start-up naming the storage variable when none is set', async () => {
    const run = runMain({ BUS: 'embedded' });
    expect(await run.exited).toBe(1);
    const fatal = JSON.parse(await run.waitForLine('"level":"fatal"'));
    expect(fatal.err).toMatchObject({ code: 'CONFIG_INVALID', variable: 'STORAGE_ACCOUNT_URL' });
  });
});
