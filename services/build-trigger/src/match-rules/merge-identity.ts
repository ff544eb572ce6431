import { createHash } from 'node:crypto';
import type { PullRequestData } from '@switchyard/contracts';
import { organizationKey } from '../rules/organization-url';

/**
 * What makes two events "the same merge": organization, repository, pull request and merge commit.
 * Duplicate hook deliveries and bus redeliveries share it; a later push to the same PR does not.
 */
export function mergeKeyOf(pullRequest: PullRequestData, organizationUrl: string | undefined): string {
  return [
    // One organization whichever host form a delivery's URLs use.
    organizationUrl === undefined ? '' : organizationKey(organizationUrl),
    (pullRequest.repository.id ?? pullRequest.repository.name).toLowerCase(),
    pullRequest.pullRequestId,
    pullRequest.lastMergeCommit ?? '',
  ].join('|');
}

/** A short stable digest, used in build tags and message ids. */
export function digest(...parts: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** Prefix of the build tag that makes queueing idempotent; the rest is a digest of rule, target and merge (or window). */
export const idempotencyTagPrefix = 'switchyard:';
