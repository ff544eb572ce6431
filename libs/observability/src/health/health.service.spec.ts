import { createMetrics, type ServiceMetrics } from '../metrics/create-metrics';
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

describe('HealthService switchyard_bus_ready', () => {
  /** A bus whose state the test sets, as Service Bus reports it on status$. */
  function fakeBus() {
    const observers: Array<(status: { state: string; error?: unknown }) => void> = [];
    return {
      status$: {
        subscribe(observer: (status: { state: string; error?: unknown }) => void) {
          observers.push(observer);
          return { unsubscribe: () => observers.splice(observers.indexOf(observer), 1) };
        },
      },
      emit: (state: string) => observers.forEach((observer) => observer({ state, ...(state === 'degraded' && { error: { code: 'MESSAGING.CONNECTION_FAILED', message: 'ENOTFOUND' } }) })),
    };
  }
  const busReady = async (metrics: ServiceMetrics) => /^switchyard_bus_ready\{service="ingress"\} (\d+)$/m.exec(await metrics.render())?.[1];

  // A replica that is not ready gets no traffic on Kubernetes, so in a Service Bus outage nothing else
  // on /metrics moves: the alert SwitchyardBusNotReady reads this gauge.
  it('follows what /readyz reports for the bus: 0 while starting or degraded, 1 while ready', async () => {
    const bus = fakeBus();
    const metrics = createMetrics('ingress', { defaultMetrics: false });
    const health = new HealthService({ bus, metrics });
    expect(await busReady(metrics)).toBe('0');
    bus.emit('ready');
    expect(await busReady(metrics)).toBe('1');
    expect((await health.readiness()).status).toBe('ready');
    bus.emit('degraded');
    expect(await busReady(metrics)).toBe('0');
    expect((await health.readiness()).status).toBe('not-ready');
    bus.emit('ready');
    expect(await busReady(metrics)).toBe('1');
    health.close();
  });

  it('is not declared for a service without a bus', async () => {
    const metrics = createMetrics('tool', { defaultMetrics: false });
    new HealthService({ metrics }).close();
    expect(await metrics.render()).not.toContain('switchyard_bus_ready');
  });
});
