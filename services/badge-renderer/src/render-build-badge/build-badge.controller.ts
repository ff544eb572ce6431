import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BuildCompleted, type EventOf } from '@switchyard/contracts';
import { BusContext, OnEvent } from '@switchyard/messaging';
import { BadgeEventHandler } from '../badge-update/badge-event-handler';
import { buildBadgeStates } from './build-badges';

@Controller()
export class BuildBadgeController {
  constructor(private readonly handler: BadgeEventHandler) {}

  @OnEvent(BuildCompleted)
  async completed(@Payload() event: EventOf<typeof BuildCompleted>, @Ctx() ctx: BusContext): Promise<void> {
    await this.handler.handle('build', event, ctx, () => buildBadgeStates(event));
  }
}
