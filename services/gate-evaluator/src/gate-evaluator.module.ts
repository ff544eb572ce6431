import { Module, type DynamicModule } from '@nestjs/common';
import { AzureDevOpsClient } from '@switchyard/azure-devops';
import { MessagingModule, type Bus } from '@switchyard/messaging';
import { HealthModule, type Logger, type ServiceMetrics } from '@switchyard/observability';
import type { GateEvaluatorConfig } from './config/gate-evaluator-config';
import { DecideCheckService } from './decide-check/decide-check.service';
import { CheckMessageController } from './evaluate-check/check.message.controller';
import { CheckSessionService } from './evaluate-check/check-session.service';
import { EvaluateCheckService } from './evaluate-check/evaluate-check.service';
import { AZURE_DEVOPS_CLIENT, CLOCK, GATE_CONFIG, GATE_LOGGER, GATE_METRICS } from './gate-evaluator.di-tokens';
import { GateMetrics } from './metrics/gate-metrics';
import { ReportProgressService } from './report-progress/report-progress.service';

export interface GateEvaluatorDependencies {
  bus: Bus;
  config: GateEvaluatorConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  clock: () => Date;
}

@Module({})
export class GateEvaluatorModule {
  static forRoot(deps: GateEvaluatorDependencies): DynamicModule {
    // Every check brings its own AuthToken: a connection kept for reuse would keep the token in memory after its check.
    const azureDevOps = deps.config.azureDevOps ? AzureDevOpsClient.fromConfig(deps.config.azureDevOps, { userAgent: 'switchyard-gate-evaluator', reuseConnections: false }) : undefined;
    return {
      module: GateEvaluatorModule,
      imports: [MessagingModule.forRoot({ bus: deps.bus }), HealthModule.forRoot({ bus: deps.bus, metrics: deps.metrics })],
      controllers: [CheckMessageController],
      providers: [
        { provide: GATE_CONFIG, useValue: deps.config },
        { provide: GATE_LOGGER, useValue: deps.logger },
        { provide: GATE_METRICS, useValue: deps.metrics },
        { provide: AZURE_DEVOPS_CLIENT, useValue: azureDevOps },
        { provide: CLOCK, useValue: deps.clock },
        GateMetrics,
        CheckSessionService,
        ReportProgressService,
        DecideCheckService,
        EvaluateCheckService,
      ],
    };
  }
}
