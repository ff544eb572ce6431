import { createHash } from 'node:crypto';
import type { PullRequestData } from '@switchyard/contracts';
import { organizationKey } from '../rules/organization-url';

/**
 * What makes two events "the same merge": organization, repository, pull request and merge commit.
 * Duplicate hook deliveries and bus redeliveries share it; a later push to the same PR does not.
 * Azure DevOps leaves the merge commit empty while a merge is in progress and when it failed
 * (`mergeStatus: conflicts`), so an attempt without one is told apart by the source and target
 * commits it tried to merge, and with none of them by its notification (a redelivered notification
 * keeps its id). A merge with a merge commit keeps the key it always had, so builds tagged before
 * are still found.
 */
export function mergeKeyOf(pullRequest: PullRequestData, organizationUrl: string | undefined, eventId: string): string {
  const pullRequestKey = [
    // One organization whichever host form a delivery's URLs use.
    organizationUrl === undefined ? '' : organizationKey(organizationUrl),
    (pullRequest.repository.id ?? pullRequest.repository.name).toLowerCase(),
    pullRequest.pullRequestId,
  ];
  if (pullRequest.lastMergeCommit) return [...pullRequestKey, pullRequest.lastMergeCommit].join('|');
  const { lastMergeSourceCommit: source, lastMergeTargetCommit: target } = pullRequest;
  const attempt = source || target ? `source:${source ?? ''}|target:${target ?? ''}` : `event:${eventId}`;
  return [...pullRequestKey, '', attempt].join('|');
}

/** A short stable digest, used in build tags and message ids. */
export function digest(...parts: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** Prefix of the build tag that makes queueing idempotent; the rest is a digest of rule, target and merge (or window). */
export const idempotencyTagPrefix = 'switchyard:';
