import type { DynamicModule } from '@nestjs/common';
import type { Bus } from '@switchyard/messaging';
import { HealthModule, type ServiceMetrics } from '@switchyard/observability';

/** GET /healthz (alive), GET /readyz (the bus is ready), GET /metrics (Prometheus text). */
export function ingressHealthModule(bus: Bus, metrics: ServiceMetrics): DynamicModule {
  return HealthModule.forRoot({ bus, metrics });
}
