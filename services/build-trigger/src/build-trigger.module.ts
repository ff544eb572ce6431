import { Module, type DynamicModule } from '@nestjs/common';
import type { AzureDevOpsClient } from '@switchyard/azure-devops';
import { MessagingModule, type Bus } from '@switchyard/messaging';
import { HealthModule, type Logger, type ServiceMetrics } from '@switchyard/observability';
import { QUEUE_DEADLINE_MS, TRIGGER_LOGGER, TRIGGER_METRICS, TRIGGER_RULES } from './build-trigger.di-tokens';
import { BuildDueController } from './coalesce/build-due.controller';
import { PromoteCandidateService } from './coalesce/promote-candidate.service';
import type { BuildTriggerConfig } from './config/build-trigger-config';
import { OrganizationClients } from './queue-build/organization-clients';
import { PullRequestController } from './queue-build/pull-request.controller';
import { QueueBuildService } from './queue-build/queue-build.service';
import { RequestBuildsService } from './queue-build/request-builds.service';
import { TriggerMetrics } from './queue-build/trigger-metrics';

export interface BuildTriggerDependencies {
  bus: Bus;
  config: BuildTriggerConfig;
  client: AzureDevOpsClient;
  logger: Logger;
  metrics: ServiceMetrics;
}

@Module({})
export class BuildTriggerModule {
  static forRoot(deps: BuildTriggerDependencies): DynamicModule {
    return {
      module: BuildTriggerModule,
      imports: [MessagingModule.forRoot({ bus: deps.bus }), HealthModule.forRoot({ bus: deps.bus, metrics: deps.metrics })],
      controllers: [PullRequestController, BuildDueController],
      providers: [
        { provide: TRIGGER_RULES, useValue: deps.config.rules },
        { provide: TRIGGER_LOGGER, useValue: deps.logger },
        { provide: QUEUE_DEADLINE_MS, useValue: deps.config.queueDeadlineMs },
        { provide: TRIGGER_METRICS, useValue: new TriggerMetrics(deps.metrics) },
        { provide: OrganizationClients, useValue: new OrganizationClients(deps.client, deps.config.tokens) },
        RequestBuildsService,
        PromoteCandidateService,
        QueueBuildService,
      ],
    };
  }
}
