import type { OrganizationConnection } from '../client/organization-connection';
import { requireId, requireText } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';

/**
 * Adds tags to an existing build (`POST {project}/_apis/build/builds/{id}/tags`); returns the tags the
 * build carries afterwards. Adding a tag the build already has changes nothing, so resending is safe.
 */
export async function addBuildTags(connection: OrganizationConnection, project: string, buildId: number, tags: readonly string[]): Promise<string[]> {
  requireText(project, 'project');
  requireId(buildId, 'buildId');
  const unique = [...new Set(tags)];
  if (unique.length === 0 || unique.some((tag) => typeof tag !== 'string' || tag.trim() === '')) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, 'tags must list at least one non-empty tag to add to the build.');
  }
  return connection.run('addBuildTags', async () => {
    const api = await connection.buildApi();
    return (await api.addBuildTags(unique, project, buildId)) ?? unique;
  });
}
