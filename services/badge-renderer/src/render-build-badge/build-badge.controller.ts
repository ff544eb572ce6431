import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BuildCompleted, type EventOf } from '@switchyard/contracts';
import { BusContext, OnEvent } from '@switchyard/messaging';
import { BadgeEventHandler } from '../badge-update/badge-event-handler';
import { buildBadgeStates } from './build-badges';
import { pullRequestBuildReason } from './pull-request-build';

@Controller()
export class BuildBadgeController {
  constructor(private readonly handler: BadgeEventHandler) {}

  @OnEvent(BuildCompleted)
  async completed(@Payload() event: EventOf<typeof BuildCompleted>, @Ctx() ctx: BusContext): Promise<void> {
    const pullRequest = pullRequestBuildReason(event.data);
    if (pullRequest) {
      this.handler.ignore(event, ctx, `build ${event.data.build.id} validated a pull request (${pullRequest}); its result belongs to the pull request, not to the definition or a branch`);
      return;
    }
    await this.handler.handle('build', event, ctx, () => buildBadgeStates(event));
  }
}
