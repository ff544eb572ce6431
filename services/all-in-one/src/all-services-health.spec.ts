import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics } from '@switchyard/observability';
import { allServicesHealth } from './all-services-health';
import { runAllInOne, type AllInOne } from './run-all-in-one';

jest.setTimeout(60_000);

/** The metric names of a Prometheus text exposition, once per HELP / TYPE line. */
const declared = (text: string, kind: 'HELP' | 'TYPE') => [...text.matchAll(new RegExp(`^# ${kind} (\\S+)`, 'gm'))].map((match) => match[1]);

describe('GET /readyz and GET /metrics of npm start (real HTTP on the ingress port)', () => {
  let dataDir: string;
  let run: AllInOne;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-health-'));
    run = await runAllInOne({ env: { PORT: '0', HOST: '127.0.0.1', SWITCHYARD_AZURITE_MEMORY: 'true', LOG_LEVEL: 'fatal' }, dataDir });
    url = run.services.find((service) => service.name === 'ingress')!.url!;
  });

  afterAll(async () => {
    await run?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves every service's metrics, one HELP and TYPE per name, each sample after its TYPE", async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const service of ['ingress', 'badge-renderer', 'gate-evaluator', 'build-trigger']) {
      expect(text).toContain(`switchyard_process_cpu_user_seconds_total{service="${service}"}`);
    }
    for (const name of ['switchyard_badges_total', 'switchyard_gate_evaluations_total', 'switchyard_build_trigger_builds_total']) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    for (const kind of ['HELP', 'TYPE'] as const) {
      const names = declared(text, kind);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    }
    // Every sample belongs to the family of the TYPE line above it (histograms add _bucket, _sum, _count).
    let family = '';
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('# HELP'))) {
      if (line.startsWith('# TYPE ')) family = line.split(' ')[2]!;
      else expect(line).toMatch(new RegExp(`^${family}(_bucket|_sum|_count|_total|_created)?[{ ]`));
    }
  });

  it('is ready when every service is, naming each check <service>/<check>', async () => {
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: {
        'ingress/bus': { ok: true, detail: 'ready' },
        'badge-renderer/bus': { ok: true, detail: 'ready' },
        'badge-renderer/blob-storage': { ok: true },
        'gate-evaluator/bus': { ok: true, detail: 'ready' },
        'build-trigger/bus': { ok: true, detail: 'ready' },
      },
    });
  });

  it('is not ready when the badge renderer cannot reach Blob storage, and says so', async () => {
    await run.azurite!.stop();
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(report.status).toBe('not-ready');
    expect(report.checks['badge-renderer/blob-storage']).toEqual({ ok: false, detail: expect.any(String) });
    expect(report.checks['ingress/bus']).toEqual({ ok: true, detail: 'ready' });
  });
});

describe('allServicesHealth', () => {
  it('is not ready while services are still starting, nor when a service cannot say whether it is', async () => {
    const health = allServicesHealth();
    health.add({ service: 'ingress', metrics: createMetrics('ingress', { defaultMetrics: false }), readiness: async () => ({ status: 'ready', checks: {} }) });
    expect(await health.readiness()).toEqual({ status: 'not-ready', checks: { 'all-in-one': { ok: false, detail: 'starting: 1 started so far' } } });
    health.add({
      service: 'badge-renderer',
      metrics: createMetrics('badge-renderer', { defaultMetrics: false }),
      readiness: () => Promise.reject(new Error('no HealthService')),
    });
    health.started();
    expect(await health.readiness()).toEqual({ status: 'not-ready', checks: { 'badge-renderer/readiness': { ok: false, detail: 'no HealthService' } } });
  });
});
