import { BuildTriggerCoalesceDue, createEvent, type EventOf } from '@switchyard/contracts';
import { digest } from '../match-rules/merge-identity';
import type { PlannedBuild } from '../match-rules/planned-build';
import type { PullRequestTrigger } from '../match-rules/pull-request-trigger';
import { mergedAtText, type BuildSlot } from './coalesce-window';

export const eventSource = 'urn:switchyard:build-trigger';

export type DueEvent = EventOf<typeof BuildTriggerCoalesceDue>;

/** Metadata marking a coalescing candidate (one per merge) as opposed to the slot's one queue message. */
export const candidateMetadata = { stage: 'candidate' } as const;

export function isCandidate(event: DueEvent): boolean {
  return event.metadata?.['stage'] === candidateMetadata.stage;
}

/**
 * The message that queues a slot's build. Its id is derived from the slot, so the bus's duplicate
 * detection lets one through per (rule, target, merge) — or per window when coalescing — however
 * many replicas, hook deliveries or candidates produce it.
 */
export function slotMessage(event: Omit<DueEvent, 'id' | 'metadata'> | DueEvent): DueEvent {
  const { metadata: _candidate, ...rest } = event as DueEvent;
  return { ...rest, id: `build-trigger-${digest(event.data.rule, event.data.windowKey)}` };
}

/**
 * What the PR handler publishes for one matching target: the slot message itself, or — when the
 * target coalesces — this merge's candidate for its window (id per merge, so duplicates of the same
 * merge still collapse), scheduled as `slot.dueAt` says.
 */
export function requestMessage(build: PlannedBuild, slot: BuildSlot, trigger: PullRequestTrigger): DueEvent {
  const pr = trigger.pullRequest;
  const project = pr.project.name ?? pr.project.id;
  const event = createEvent(BuildTriggerCoalesceDue, {
    id: `build-trigger-candidate-${digest(build.ruleName, slot.windowKey, build.mergeKey)}`,
    source: eventSource,
    subject: `rules/${build.ruleName}/targets/${build.target.index}`,
    correlationId: trigger.eventId,
    data: {
      rule: build.ruleName,
      targetIndex: build.target.index,
      windowStart: slot.windowStart.toISOString(),
      windowKey: slot.windowKey,
      pullRequests: [
        {
          eventId: trigger.eventId,
          ...(pr.organizationUrl !== undefined && { organizationUrl: pr.organizationUrl }),
          ...(project !== undefined && { project }),
          repository: pr.repository.name,
          pullRequestId: pr.pullRequestId,
          ...(pr.targetRefName !== undefined && { targetRefName: pr.targetRefName }),
          ...(pr.lastMergeCommit !== undefined && { mergeCommit: pr.lastMergeCommit }),
          mergedAt: mergedAtText(pr.closedDate, trigger.time),
        },
      ],
    },
  });
  return build.coalesceSeconds > 0 ? { ...event, metadata: { ...candidateMetadata } } : slotMessage(event);
}
