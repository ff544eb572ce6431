import { Module, type DynamicModule } from '@nestjs/common';
import type { Bus } from '@switchyard/messaging';
import { EventPublisher, MessagingModule } from '@switchyard/messaging';
import { HealthModule, type Logger, type ServiceMetrics } from '@switchyard/observability';
import { BadgeIndexWriter } from './badge-index/badge-index-writer';
import { BadgeMetrics } from './badge-model/badge-metrics';
import { BadgeDrawing } from './badge-render/badge-drawing';
import { BADGE_LOGGER, BADGE_RENDERER_CONFIG } from './badge-renderer.di-tokens';
import { BadgeBlobWriter } from './badge-store/badge-blob-writer';
import { BadgeStore } from './badge-store/badge-store.port';
import { ContainerRecovery } from './badge-store/container-recovery';
import { storageReadiness } from './badge-store/storage-readiness';
import { BadgeEventHandler } from './badge-update/badge-event-handler';
import { BadgeUpdateService } from './badge-update/badge-update.service';
import type { BadgeRendererConfig } from './config/badge-renderer.config';
import { branchRetention } from './render-build-badge/branch-retention';
import { BuildBadgeController } from './render-build-badge/build-badge.controller';
import { ReleaseBadgeController } from './render-release-badge/release-badge.controller';
import { StageBadgeController } from './render-stage-badge/stage-badge.controller';
import { deriveSummaries } from './render-summary-badge/summary-entries';

export interface BadgeRendererModuleOptions {
  bus: Bus;
  config: BadgeRendererConfig;
  store: BadgeStore;
  recovery: ContainerRecovery;
  metrics: ServiceMetrics;
  logger: Logger;
}

@Module({})
export class BadgeRendererModule {
  static forRoot(options: BadgeRendererModuleOptions): DynamicModule {
    const { config, store } = options;
    return {
      module: BadgeRendererModule,
      imports: [
        MessagingModule.forRoot({ bus: options.bus }),
        HealthModule.forRoot({
          bus: options.bus,
          metrics: options.metrics,
          checks: [{ name: 'blob-storage', check: () => storageReadiness(store, options.recovery) }],
        }),
      ],
      controllers: [ReleaseBadgeController, BuildBadgeController, StageBadgeController],
      providers: [
        { provide: BADGE_RENDERER_CONFIG, useValue: config },
        { provide: BADGE_LOGGER, useValue: options.logger },
        { provide: BadgeStore, useValue: store },
        { provide: ContainerRecovery, useValue: options.recovery },
        { provide: BadgeMetrics, useValue: new BadgeMetrics(options.metrics) },
        { provide: BadgeDrawing, useValue: new BadgeDrawing() },
        {
          provide: BadgeBlobWriter,
          inject: [BadgeStore, BadgeDrawing],
          useFactory: (s: BadgeStore, d: BadgeDrawing) => {
            const writer = new BadgeBlobWriter(s, d);
            options.recovery.onRecreated(() => writer.forgetVersions());
            return writer;
          },
        },
        {
          provide: BadgeIndexWriter,
          inject: [BadgeStore],
          useFactory: (s: BadgeStore) => {
            const derive = deriveSummaries((path) => s.urlOf(path));
            const writer = new BadgeIndexWriter(
              s,
              derive,
              config.maxAgeSeconds,
              config.indexBatchMs,
              branchRetention(config.indexBranchMaxAgeDays),
              options.logger,
            );
            options.recovery.onRecreated(() => writer.forgetIndex());
            return writer;
          },
        },
        {
          provide: BadgeUpdateService,
          inject: [BadgeStore, BadgeBlobWriter, BadgeIndexWriter, EventPublisher, BadgeMetrics],
          useFactory: (s: BadgeStore, b: BadgeBlobWriter, i: BadgeIndexWriter, p: EventPublisher, m: BadgeMetrics) =>
            new BadgeUpdateService(s, b, i, p, m, { style: config.style, maxAgeSeconds: config.maxAgeSeconds }),
        },
        BadgeEventHandler,
      ],
    };
  }
}
