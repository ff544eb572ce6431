import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ReleaseDeploymentCompleted, ReleaseDeploymentStarted, type EventOf } from '@switchyard/contracts';
import { BusContext, OnEvent } from '@switchyard/messaging';
import { BADGE_RENDERER_CONFIG } from '../badge-renderer.di-tokens';
import { BadgeEventHandler } from '../badge-update/badge-event-handler';
import type { BadgeRendererConfig } from '../config/badge-renderer.config';
import { releaseBadgeState } from './release-badge';

@Controller()
export class ReleaseBadgeController {
  constructor(
    private readonly handler: BadgeEventHandler,
    @Inject(BADGE_RENDERER_CONFIG) private readonly config: BadgeRendererConfig,
  ) {}

  @OnEvent(ReleaseDeploymentStarted)
  async started(@Payload() event: EventOf<typeof ReleaseDeploymentStarted>, @Ctx() ctx: BusContext): Promise<void> {
    await this.handler.handle('release', event, ctx, () => [releaseBadgeState(event, 'started', this.config.releaseLabel)]);
  }

  @OnEvent(ReleaseDeploymentCompleted)
  async completed(@Payload() event: EventOf<typeof ReleaseDeploymentCompleted>, @Ctx() ctx: BusContext): Promise<void> {
    await this.handler.handle('release', event, ctx, () => [releaseBadgeState(event, 'completed', this.config.releaseLabel)]);
  }
}
