import { scrubText, type CheckResult, type ReadinessReport } from '@switchyard/observability';
import type { HealthEndpoints, ServiceHealth } from '@switchyard/service-host';
import { prometheusContentType } from 'prom-client';
import { mergePrometheusText } from './merge-prometheus-text';

export interface AllServicesHealth extends HealthEndpoints {
  /** A service that started; its checks and metrics are served from now on. */
  add(health: ServiceHealth): void;
  /** Every service started: until then, readiness says the run is starting. */
  started(): void;
}

/**
 * GET /readyz and GET /metrics of the local run, which the ingress serves for every service since it
 * is the only one listening on HTTP. Readiness has the services' own report shape, each check named
 * `<service>/<check>` (`badge-renderer/blob-storage`); the run is ready when every service is.
 * Metrics are every service's registry in one exposition (see mergePrometheusText).
 */
export function allServicesHealth(): AllServicesHealth {
  const services: ServiceHealth[] = [];
  let allStarted = false;
  return {
    add: (health) => void services.push(health),
    started: () => void (allStarted = true),
    metricsContentType: prometheusContentType,
    async readiness(): Promise<ReadinessReport> {
      const checks: Record<string, CheckResult> = {};
      if (!allStarted) checks['all-in-one'] = { ok: false, detail: `starting: ${services.length} started so far` };
      const reports = await Promise.all(services.map(async (health) => ({ service: health.service, report: await health.readiness().catch(failedReport) })));
      for (const { service, report } of reports) {
        for (const [name, result] of Object.entries(report.checks)) checks[`${service}/${name}`] = result;
      }
      const ready = Object.values(checks).every((result) => result.ok);
      return { status: ready ? 'ready' : 'not-ready', checks };
    },
    async metrics(): Promise<string> {
      const expositions = await Promise.all(services.map(async ({ service, metrics }) => ({ source: service, text: await metrics.render() })));
      return mergePrometheusText(expositions);
    },
  };
}

/** A service whose readiness itself failed is not ready, saying why. */
function failedReport(error: unknown): ReadinessReport {
  return { status: 'not-ready', checks: { readiness: { ok: false, detail: scrubText(error instanceof Error ? error.message : String(error)) } } };
}
