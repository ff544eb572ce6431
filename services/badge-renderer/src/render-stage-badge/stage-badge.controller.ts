import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { StageStateChanged, type EventOf } from '@switchyard/contracts';
import { BusContext, OnEvent } from '@switchyard/messaging';
import { BadgeEventHandler } from '../badge-update/badge-event-handler';
import { stageBadgeState } from './stage-badge';

@Controller()
export class StageBadgeController {
  constructor(private readonly handler: BadgeEventHandler) {}

  @OnEvent(StageStateChanged)
  async changed(@Payload() event: EventOf<typeof StageStateChanged>, @Ctx() ctx: BusContext): Promise<void> {
    await this.handler.handle('stage', event, ctx, () => [stageBadgeState(event)]);
  }
}
