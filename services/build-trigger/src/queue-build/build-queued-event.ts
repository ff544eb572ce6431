import { BuildQueued, createEvent, type EventOf } from '@switchyard/contracts';
import type { Build } from '@switchyard/azure-devops';
import { eventSource, type DueEvent } from '../coalesce/due-message';
import { digest } from '../match-rules/merge-identity';
import type { ResolvedDefinition } from './resolve-definition';
import type { DueBuild } from './resolve-due';

/** The outcome event; its id derives from the slot's tag, so publishing it again after a crash is a duplicate. */
export function buildQueuedEvent(due: DueEvent, slot: DueBuild, definition: ResolvedDefinition, build: Build): EventOf<typeof BuildQueued> {
  const toRef = (merge: DueBuild['latest']) => ({
    repository: merge.repository,
    pullRequestId: merge.pullRequestId,
    ...(merge.mergeCommit !== undefined && { mergeCommit: merge.mergeCommit }),
  });
  const url = build.webUrl ?? build.url;
  return createEvent(BuildQueued, {
    id: `build-queued-${digest(slot.tag)}`,
    source: eventSource,
    subject: `builds/${build.id}`,
    correlationId: due.correlationId,
    // The merge's trace, so a subscriber of the outcome (Event Grid included) can follow it back to the hook.
    ...(due.traceparent !== undefined && { traceparent: due.traceparent }),
    ...(due.tracestate !== undefined && { tracestate: due.tracestate }),
    data: {
      rule: slot.build.ruleName,
      organizationUrl: slot.organizationUrl,
      project: slot.build.project,
      definition: { id: definition.id, ...((definition.name ?? build.definition?.name) !== undefined && { name: definition.name ?? build.definition?.name }) },
      buildId: build.id,
      ...(build.buildNumber !== undefined && { buildNumber: build.buildNumber }),
      ...(url !== undefined && { url }),
      pullRequest: toRef(slot.latest),
    },
  });
}
