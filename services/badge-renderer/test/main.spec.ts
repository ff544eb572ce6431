import { DEV_ACCOUNT_KEY } from '@switchyard/azurite';
import { closedPort, runEntryPoint } from '@switchyard/testing';
import { BadgeTestEnv } from './badge-test-env';

jest.setTimeout(60_000);

function runMain(env: Record<string, string>) {
  return runEntryPoint('services/badge-renderer/src/main.ts', [], env, { inheritEnv: false });
}

describe('main.ts (the badge renderer alone)', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());

  it('serves health, readiness and metrics on PORT and exits 0 on SIGTERM', async () => {
    const port = await closedPort();
    const run = runMain({ ...env.env('main-run'), PORT: String(port), BUS: 'embedded', LOG_LEVEL: 'info' });
    try {
      await run.waitForOutput(/badge renderer started/, 40_000);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { bus: { ok: true }, 'blob-storage': { ok: true } } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('switchyard_badge_events_total');
      expect((await fetch(`${env.container('main-run').url}/index.html`)).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect((await run.exited).code).toBe(0);
  });

  it('exits 1 naming STORAGE_CONNECTION_STRING and its AccountKey when the storage account refuses the key, printing no key', async () => {
    const wrongKey = Buffer.from('a key this storage account has never issued, 64 bytes long......').toString('base64');
    const run = runMain({ ...env.env('main-wrong-key'), STORAGE_CONNECTION_STRING: env.azurite.connectionString.replace(DEV_ACCOUNT_KEY, wrongKey), BUS: 'embedded' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(
      /^badge-renderer failed to start: Blob storage create container of "main-wrong-key" failed: 403 \w+: the storage account refused the account key in STORAGE_CONNECTION_STRING: check that its AccountKey/m,
    );
    for (const key of [wrongKey, DEV_ACCOUNT_KEY]) expect(run.output()).not.toContain(key);
  });

  it('fails at start-up naming the storage variable when none is set', async () => {
    const run = runMain({ BUS: 'embedded' });
    expect((await run.exited).code).toBe(1);
    const fatal = JSON.parse(run.stdout().split('\n').find((line) => line.includes('"level":"fatal"')) ?? '{}');
    expect(fatal.err).toMatchObject({ code: 'CONFIG_INVALID', variable: 'STORAGE_ACCOUNT_URL' });
  });
});
