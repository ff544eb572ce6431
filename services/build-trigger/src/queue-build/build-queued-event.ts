import { BuildQueued, createEvent, type BuildQueuedData, type EventOf } from '@switchyard/contracts';
import type { Build } from '@switchyard/azure-devops';
import { eventSource, type DueEvent } from '../coalesce/due-message';
import { digest } from '../match-rules/merge-identity';
import type { ResolvedDefinition } from './resolve-definition';
import type { DueBuild } from './resolve-due';

type PullRequestRef = BuildQueuedData['pullRequest'];

/** The tag naming the merge a build was queued with: `pr:<repository>!<id>`. */
export function pullRequestTag(merge: DueBuild['latest']): string {
  return `pr:${merge.repository}!${merge.pullRequestId}`;
}

/** The merge whose values a build this handler queued (or adopted) got: the slot's latest. */
export function slotMerge(slot: DueBuild): PullRequestRef {
  const merge = slot.latest;
  return { repository: merge.repository, pullRequestId: merge.pullRequestId, ...(merge.mergeCommit !== undefined && { mergeCommit: merge.mergeCommit }) };
}

/**
 * The merge a build found already queued got, read from its pull-request tag: a coalesced window's
 * build may have been queued with another merge than the one this message carries. The commit is
 * known only when it is this message's merge. Undefined when the build carries no single such tag.
 */
export function taggedMerge(build: Build, slot: DueBuild): PullRequestRef | undefined {
  const [named, ...others] = build.tags.map((tag) => /^pr:(.+)!(\d+)$/.exec(tag)).filter((match) => match !== null);
  if (!named || others.length > 0) return undefined;
  const repository = named[1] ?? '';
  const pullRequestId = Number(named[2]);
  const { latest } = slot;
  return repository === latest.repository && pullRequestId === latest.pullRequestId ? slotMerge(slot) : { repository, pullRequestId };
}

/** The outcome event; its id derives from the slot's tag, so publishing it again after a crash is a duplicate. */
export function buildQueuedEvent(due: DueEvent, slot: DueBuild, definition: ResolvedDefinition, build: Build, pullRequest: PullRequestRef): EventOf<typeof BuildQueued> {
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
      pullRequest,
    },
  });
}
