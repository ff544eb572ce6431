import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BehaviorSubject } from 'rxjs';
import { createMetrics } from '../metrics/create-metrics';
import { HealthModule } from './health.module';

describe('HealthModule (real HTTP on loopback)', () => {
  const status$ = new BehaviorSubject<{ state: string; error?: unknown }>({ state: 'starting' });
  let storageUp = true;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    const metrics = createMetrics('test-service', { defaultMetrics: false });
    metrics.counter({ name: 'switchyard_things_total', help: 'things' }).inc();
    @Module({
      imports: [
        HealthModule.forRoot({
          bus: { status$ },
          metrics,
          checks: [{ name: 'storage', check: () => storageUp }],
        }),
      ],
    })
    class AppModule {}
    app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /healthz answers 200 while the process is alive, whatever the bus does', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz follows the bus status and the extra checks', async () => {
    let response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'not-ready', checks: { bus: { ok: false, detail: 'starting' } } });

    status$.next({ state: 'ready' });
    response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { bus: { ok: true, detail: 'ready' }, storage: { ok: true } },
    });

    storageUp = false;
    response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    storageUp = true;

    status$.next({ state: 'degraded', error: new Error('connection lost Endpoint=sb://x/;SharedAccessKey=topsecret') });
    response = await fetch(`${url}/readyz`);
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(body).toContain('degraded: connection lost');
    expect(body).not.toContain('topsecret');

    // What a bus really reports: a plain { code, message }, not an Error.
    status$.next({ state: 'degraded', error: { code: 'MESSAGING.UNAUTHORIZED', message: 'Service Bus refused the identity; grant it Azure Service Bus Data Receiver.' } });
    expect((await (await fetch(`${url}/readyz`)).json()).checks.bus.detail).toBe(
      'degraded: MESSAGING.UNAUTHORIZED: Service Bus refused the identity; grant it Azure Service Bus Data Receiver.',
    );
    status$.next({ state: 'ready' });
  });

  it('GET /metrics answers the service registry in Prometheus text', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('switchyard_things_total{service="test-service"} 1');
  });
});
