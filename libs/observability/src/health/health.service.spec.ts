import { HealthService } from './health.service';

describe('HealthService checks', () => {
  it('counts a check that hangs as failed after its timeout', async () => {
    const health = new HealthService({ checks: [{ name: 'slow', timeoutMs: 20, check: () => new Promise(() => undefined) }] });
    await expect(health.readiness()).resolves.toEqual({
      status: 'not-ready',
      checks: { slow: { ok: false, detail: 'timed out after 20 ms' } },
    });
  });

  it('reports a throwing check with its message', async () => {
    const health = new HealthService({
      checks: [
        { name: 'ok', check: async () => undefined },
        { name: 'broken', check: () => { throw new Error('no route to host'); } },
      ],
    });
    await expect(health.readiness()).resolves.toEqual({
      status: 'not-ready',
      checks: { ok: { ok: true }, broken: { ok: false, detail: 'no route to host' } },
    });
  });
});
