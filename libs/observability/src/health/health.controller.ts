import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ServiceMetrics } from '../metrics/create-metrics';
import { SERVICE_METRICS } from './health.di-tokens';
import { HealthService, type ReadinessReport } from './health.service';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Optional() @Inject(SERVICE_METRICS) private readonly metrics?: ServiceMetrics,
  ) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return this.health.liveness();
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.health.readiness();
    reply.code(report.status === 'ready' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }

  @Get('metrics')
  async metricsText(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.metrics) {
      reply.code(404).header('content-type', 'text/plain; charset=utf-8');
      return 'metrics are not enabled for this service\n';
    }
    reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return this.metrics.render();
  }
}
