import type { INestApplicationContext } from '@nestjs/common';
import { HealthService, type ReadinessReport, type ServiceMetrics } from '@switchyard/observability';

/**
 * One service's readiness and metrics, as its own GET /readyz and GET /metrics answer them: what a
 * process running several services (the all-in-one) serves on the one port it listens on.
 */
export interface ServiceHealth {
  service: string;
  readiness(): Promise<ReadinessReport>;
  metrics: ServiceMetrics;
}

/** The health of the service a Nest app runs: the HealthService its HealthModule built, and its registry. */
export function serviceHealthOf(app: INestApplicationContext, metrics: ServiceMetrics): ServiceHealth {
  const health = app.get(HealthService, { strict: false });
  return { service: metrics.service, readiness: () => health.readiness(), metrics };
}
