import { BuildStatus } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import type { OrganizationConnection } from '../client/organization-connection';
import { requireText } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { toBuild } from './build-mapper';
import type { Build, ListBuildsRequest } from './build.types';

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
