import { join } from 'node:path';
import { runEntryPoint } from '@switchyard/testing';

/** Runs fake-service.main.ts with nothing of the test's environment but PATH and `env`. */
function runFake(env: Record<string, string>) {
  return runEntryPoint(join(__dirname, 'fake-service.main.ts'), [], { BUS: 'embedded', LOG_LEVEL: 'fatal', ...env }, { inheritEnv: false });
}

describe('runServiceMain', () => {
  it('starts the service on the bus from the environment and drains it on SIGTERM', async () => {
    const run = runFake({});
    await run.waitForOutput(/started on embedded/, 20_000);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.stdout()).toContain('service closed');
  }, 30_000);

  it('exits 1 and says what to fix when the service cannot start', async () => {
    const run = runFake({ FAKE_SERVICE_MODE: 'fail' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain('fake-service failed to start: FAKE_SETTING is missing: set it to a number');
  }, 30_000);

  it('exits 1 naming the variable when the bus configuration is wrong', async () => {
    const run = runFake({ BUS: 'kafka' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(/fake-service failed to start: .*BUS/);
  }, 30_000);
});
