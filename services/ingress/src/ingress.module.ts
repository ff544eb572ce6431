import { Module, type DynamicModule } from '@nestjs/common';
import { ingressHealthModule } from './health/ingress-health.module';
import { IngressCoreModule, type IngressDependencies } from './ingress-core.module';
import { ReceiveServiceHookModule } from './receive-service-hook/receive-service-hook.module';
import { ChecksModule } from './checks/checks.module';

/** The ingress endpoints; a new use case is one module added here. */
const featureModules = [ReceiveServiceHookModule, ChecksModule];

@Module({})
export class IngressModule {
  static forRoot(deps: IngressDependencies): DynamicModule {
    return {
      module: IngressModule,
      imports: [IngressCoreModule.forRoot(deps), ingressHealthModule(deps.bus, deps.metrics), ...featureModules],
    };
  }
}
