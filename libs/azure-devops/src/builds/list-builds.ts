import { BuildQueryOrder, BuildStatus } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import type { OrganizationConnection } from '../client/organization-connection';
import { requireId, requireText } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { branchRef } from './branch-ref';
import { toBuild } from './build-mapper';
import type { Build, ListBuildsQueuedSinceRequest, ListBuildsRequest } from './build.types';

const STATUS: Record<NonNullable<ListBuildsRequest['status']>, BuildStatus> = {
  inProgress: BuildStatus.InProgress,
  completed: BuildStatus.Completed,
  cancelling: BuildStatus.Cancelling,
  postponed: BuildStatus.Postponed,
  notStarted: BuildStatus.NotStarted,
  all: BuildStatus.All,
};

/** Builds that carry every tag in `tags`, newest first as the server orders them. */
export async function listBuildsByTag(connection: OrganizationConnection, request: ListBuildsRequest): Promise<Build[]> {
  requireText(request.project, 'project');
  if (!Array.isArray(request.tags) || request.tags.length === 0) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, 'tags must list at least one tag to filter builds by.');
  }
  return connection.run('listBuildsByTag', async () => {
    const api = await connection.buildApi();
    const builds = await api.getBuilds(
      request.project,
      request.definitionIds ? [...request.definitionIds] : undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      request.status ? STATUS[request.status] : undefined,
      undefined,
      [...request.tags],
      undefined,
      request.top,
      undefined,
      undefined,
      undefined,
      undefined,
      request.branchName,
    );
    return (builds ?? []).map(toBuild);
  });
}

/**
 * Builds of one definition (and branch, when given) queued at or after `minTime`, whatever their
 * tags, oldest first (`queryOrder=queueTimeAscending`, under which Azure DevOps applies `minTime`
 * to the queue time). For finding a build whose queue request's answer never arrived.
 */
export async function listBuildsQueuedSince(connection: OrganizationConnection, request: ListBuildsQueuedSinceRequest): Promise<Build[]> {
  requireText(request.project, 'project');
  requireId(request.definitionId, 'definitionId');
  if (!(request.minTime instanceof Date) || Number.isNaN(request.minTime.getTime())) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, 'minTime must be a valid date.');
  }
  if (request.branchName !== undefined) requireText(request.branchName, 'branchName');
  return connection.run('listBuildsQueuedSince', async () => {
    const api = await connection.buildApi();
    const builds = await api.getBuilds(
      request.project,
      [request.definitionId],
      undefined,
      undefined,
      request.minTime,
      undefined,
      undefined,
      undefined,
      request.status ? STATUS[request.status] : undefined,
      undefined,
      undefined,
      undefined,
      request.top,
      undefined,
      undefined,
      undefined,
      BuildQueryOrder.QueueTimeAscending,
      request.branchName === undefined ? undefined : branchRef(request.branchName),
    );
    return (builds ?? []).map(toBuild);
  });
}
