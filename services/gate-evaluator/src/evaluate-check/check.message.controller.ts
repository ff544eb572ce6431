import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CheckReevaluationDue, CheckRequested, type EventOf } from '@switchyard/contracts';
import { BusContext, OnEvent } from '@switchyard/messaging';
import { EvaluateCheckService } from './evaluate-check.service';

/**
 * Check requests from the ingress and scheduled re-evaluations are the same work: one evaluation.
 * The delivery count tells a redelivery (which may follow a decision already posted) from a first delivery.
 */
@Controller()
export class CheckMessageController {
  constructor(private readonly evaluate: EvaluateCheckService) {}

  @OnEvent(CheckRequested)
  requested(@Payload() event: EventOf<typeof CheckRequested>, @Ctx() ctx: BusContext): Promise<void> {
    return this.evaluate.handle(event, ctx.deliveryCount);
  }

  @OnEvent(CheckReevaluationDue)
  reevaluationDue(@Payload() event: EventOf<typeof CheckReevaluationDue>, @Ctx() ctx: BusContext): Promise<void> {
    return this.evaluate.handle(event, ctx.deliveryCount);
  }
}
