import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthController } from './health.controller';
import { SERVICE_METRICS } from './health.di-tokens';
import { HealthService, type HealthOptions } from './health.service';

export type HealthModuleOptions = HealthOptions;

class HealthShutdown implements OnApplicationShutdown {
  constructor(private readonly health: HealthService) {}
  onApplicationShutdown(): void {
    this.health.close();
  }
}

/**
 * `GET /healthz` (alive), `GET /readyz` (bus ready + extra checks; 503 otherwise) and `GET /metrics`
 * (Prometheus text) for a Nest app on the Fastify adapter.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    const health = new HealthService(options);
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        { provide: HealthService, useValue: health },
        { provide: HealthShutdown, useFactory: () => new HealthShutdown(health) },
        ...(options.metrics ? [{ provide: SERVICE_METRICS, useValue: options.metrics }] : []),
      ],
      exports: [HealthService],
    };
  }
}
