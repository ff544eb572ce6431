import { Controller } from '@nestjs/common';
import { CheckReevaluationDue, CheckRequested, type EventOf } from '@switchyard/contracts';
import { OnEvent } from '@switchyard/messaging';
import { EvaluateCheckService } from './evaluate-check.service';

/** Check requests from the ingress and scheduled re-evaluations are the same work: one evaluation. */
@Controller()
export class CheckMessageController {
  constructor(private readonly evaluate: EvaluateCheckService) {}

  @OnEvent(CheckRequested)
  requested(event: EventOf<typeof CheckRequested>): Promise<void> {
    return this.evaluate.handle(event);
  }

  @OnEvent(CheckReevaluationDue)
  reevaluationDue(event: EventOf<typeof CheckReevaluationDue>): Promise<void> {
    return this.evaluate.handle(event);
  }
}
