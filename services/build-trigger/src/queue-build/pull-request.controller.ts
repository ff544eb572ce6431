import { Controller, Inject } from '@nestjs/common';
import { PullRequestCreated, PullRequestMerged, PullRequestUpdated, type EventOf } from '@switchyard/contracts';
import { OnEvent } from '@switchyard/messaging';
import { RequestBuildsService } from './request-builds.service';

/** Pull-request events from the ingress; each matching rule target gets a "queue this build" message. */
@Controller()
export class PullRequestController {
  constructor(@Inject(RequestBuildsService) private readonly requests: RequestBuildsService) {}

  @OnEvent(PullRequestCreated)
  created(event: EventOf<typeof PullRequestCreated>): Promise<void> {
    return this.requests.handle(event);
  }

  @OnEvent(PullRequestMerged)
  merged(event: EventOf<typeof PullRequestMerged>): Promise<void> {
    return this.requests.handle(event);
  }

  @OnEvent(PullRequestUpdated)
  updated(event: EventOf<typeof PullRequestUpdated>): Promise<void> {
    return this.requests.handle(event);
  }
}
