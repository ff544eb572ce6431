import { isAzureDevOpsError, type Build, type OrganizationClient } from '@switchyard/azure-devops';
import type { DueEvent } from '../coalesce/due-message';
import { idempotencyTagPrefix } from '../match-rules/merge-identity';

/**
 * Metadata of a later copy whose slot had a queue request that may have queued a build though its
 * answer never came (`outcomeUnknown`): the handler's time just before that request (ISO 8601). The
 * earliest such time is kept through all later copies of the slot.
 */
export const uncertainSinceKey = 'queueUncertainSince';

/** How far before that time a build may have been queued by Azure DevOps' clock, which is not ours. */
export const clockSkewMarginMs = 2 * 60_000;

/** True when Azure DevOps may have queued the build although the request failed. */
export function isOutcomeUnknown(error: unknown): boolean {
  return isAzureDevOpsError(error) && error.details.outcomeUnknown === true;
}

/** When the slot's earlier uncertain queue request started; undefined when no attempt was uncertain. */
export function uncertainSinceOf(due: DueEvent): Date | undefined {
  const value = due.metadata?.[uncertainSinceKey];
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * The build an uncertain queue request may have created: of the definition and branch, queued at or
 * after `since` less the clock-skew margin, queued as ours are (reason manual, the same template
 * parameters; a CI or scheduled build of the definition is not ours), and carrying no switchyard merge
 * tag (a tagged one belongs to a slot that knows it). The oldest when there are several.
 */
export async function findUncertainBuild(
  client: OrganizationClient,
  request: { project: string; definitionId: number; sourceBranch?: string; templateParameters: Readonly<Record<string, string>>; since: Date },
): Promise<Build | undefined> {
  const minTime = new Date(request.since.getTime() - clockSkewMarginMs);
  const builds = await client.listBuildsQueuedSince({
    project: request.project,
    definitionId: request.definitionId,
    minTime,
    ...(request.sourceBranch !== undefined && { branchName: request.sourceBranch }),
    status: 'all',
  });
  const queuedAt = (build: Build) => (build.queueTime ? Date.parse(build.queueTime) : Number.NaN);
  return builds
    .filter((build) => build.definition?.id === undefined || build.definition.id === request.definitionId)
    .filter((build) => !(queuedAt(build) < minTime.getTime()))
    .filter((build) => !build.tags.some((tag) => tag.toLowerCase().startsWith(idempotencyTagPrefix)))
    .filter((build) => build.reason === undefined || build.reason.toLowerCase() === 'manual')
    .filter((build) => sameParameters(build.templateParameters ?? {}, request.templateParameters))
    .sort((a, b) => (queuedAt(a) || 0) - (queuedAt(b) || 0) || a.id - b.id)[0];
}

function sameParameters(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && String(a[key]) === String(b[key]));
}
