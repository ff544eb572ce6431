import { Controller, Inject } from '@nestjs/common';
import { BuildTriggerCoalesceDue, type EventOf } from '@switchyard/contracts';
import { OnEvent } from '@switchyard/messaging';
import { QueueBuildService } from '../queue-build/queue-build.service';
import { isCandidate } from './due-message';
import { PromoteCandidateService } from './promote-candidate.service';

/** A slot is due (at once, or when its coalescing window closed): queue its one build. */
@Controller()
export class BuildDueController {
  constructor(
    @Inject(QueueBuildService) private readonly queue: QueueBuildService,
    @Inject(PromoteCandidateService) private readonly candidates: PromoteCandidateService,
  ) {}

  @OnEvent(BuildTriggerCoalesceDue)
  async due(event: EventOf<typeof BuildTriggerCoalesceDue>): Promise<void> {
    if (isCandidate(event)) await this.candidates.promote(event);
    else await this.queue.handle(event);
  }
}
