import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import { TRIGGER_LOGGER } from '../build-trigger.di-tokens';
import { slotMessage, type DueEvent } from './due-message';

/**
 * A coalescing candidate fired: it offers its merge as the window's build by publishing the slot
 * message. The first candidate to fire (the latest merge) wins; the bus drops the others' copies
 * as duplicates, and a late one finds the build already tagged.
 */
@Injectable()
export class PromoteCandidateService {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(TRIGGER_LOGGER) private readonly logger: Logger,
  ) {}

  async promote(candidate: DueEvent): Promise<void> {
    const slot = slotMessage(candidate);
    await this.publisher.publish(slot);
    loggerForEvent(this.logger, candidate).debug({ rule: candidate.data.rule, slotMessageId: slot.id }, 'coalescing window closed; build offered');
  }
}
