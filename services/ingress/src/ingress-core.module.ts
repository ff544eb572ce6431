import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Bus } from '@switchyard/messaging';
import { MessagingModule } from '@switchyard/messaging';
import type { Logger, ServiceMetrics } from '@switchyard/observability';
import { HookKeyGuard } from './authenticate-hook-key/hook-key.guard';
import { HookKeyService } from './authenticate-hook-key/hook-key.service';
import type { IngressConfig } from './config/ingress-config';
import { INGRESS_CONFIG, INGRESS_ENV, INGRESS_LOGGER, INGRESS_METRICS } from './ingress.di-tokens';
import { KeyOrganizations } from './key-organizations/key-organizations';
import { HookRateLimitGuard } from './rate-limit/hook-rate-limit.guard';
import { KeyRateLimiter } from './rate-limit/key-rate-limiter';
import { HookMetrics } from './receive-service-hook/hook-metrics';
import { RequireHttpsGuard } from './transport-security/require-https.guard';

export interface IngressDependencies {
  bus: Bus;
  config: IngressConfig;
  env: Record<string, string | undefined>;
  logger: Logger;
  metrics: ServiceMetrics;
  hookMetrics: HookMetrics;
}

const guards = [HookKeyGuard, HookRateLimitGuard, RequireHttpsGuard];

/**
 * What every ingress feature module can inject: config, env, logger, metrics, EventPublisher, the keys'
 * organizations (KeyOrganizations) and the hook-key / HTTPS / rate-limit guards
 * (`@UseGuards(RequireHttpsGuard, HookKeyGuard, HookRateLimitGuard)`).
 */
@Global()
@Module({})
export class IngressCoreModule {
  static forRoot(deps: IngressDependencies): DynamicModule {
    return {
      module: IngressCoreModule,
      imports: [MessagingModule.forRoot({ bus: deps.bus })],
      providers: [
        { provide: INGRESS_CONFIG, useValue: deps.config },
        { provide: INGRESS_ENV, useValue: deps.env },
        { provide: INGRESS_LOGGER, useValue: deps.logger },
        { provide: INGRESS_METRICS, useValue: deps.metrics },
        { provide: HookMetrics, useValue: deps.hookMetrics },
        { provide: HookKeyService, useValue: new HookKeyService(deps.config.hookKeys) },
        { provide: KeyOrganizations, useValue: new KeyOrganizations(deps.config.hookKeyOrganizations) },
        { provide: KeyRateLimiter, useValue: new KeyRateLimiter(deps.config.ratePerMinute) },
        ...guards,
      ],
      exports: [INGRESS_CONFIG, INGRESS_ENV, INGRESS_LOGGER, INGRESS_METRICS, HookMetrics, HookKeyService, KeyOrganizations, KeyRateLimiter, ...guards],
    };
  }
}
