import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CheckReevaluationDue, CheckRequested, type EventOf } from '@switchyard/contracts';
import { BusContext, LAST_ERROR_PROPERTY, OnEvent } from '@switchyard/messaging';
import { EvaluateCheckService, type Delivery } from './evaluate-check.service';

/**
 * Check requests from the ingress and scheduled re-evaluations are the same work: one evaluation.
 * The delivery count tells a redelivery (which may follow a decision already posted) from a first delivery.
 */
@Controller()
export class CheckMessageController {
  constructor(private readonly evaluate: EvaluateCheckService) {}

  @OnEvent(CheckRequested)
  requested(@Payload() event: EventOf<typeof CheckRequested>, @Ctx() ctx: BusContext): Promise<void> {
    return this.evaluate.handle(event, deliveryOf(ctx));
  }

  @OnEvent(CheckReevaluationDue)
  reevaluationDue(@Payload() event: EventOf<typeof CheckReevaluationDue>, @Ctx() ctx: BusContext): Promise<void> {
    return this.evaluate.handle(event, deliveryOf(ctx));
  }
}

/** A bus that does not say its maxDeliveryCount gives no later delivery to count on. */
function deliveryOf(ctx: BusContext): Delivery {
  const { maxDeliveryCount: max, lockedUntil } = ctx.getMessage();
  return { count: ctx.deliveryCount, last: max === undefined || ctx.deliveryCount >= max, lastError: ctx.applicationProperties[LAST_ERROR_PROPERTY], lockedUntil };
}
