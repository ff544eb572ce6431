import { BuildReason } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import type { OrganizationConnection } from '../client/organization-connection';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { requireId, requireText } from '../client/validate';
import { addBuildTags } from './add-build-tags';
import { branchRef } from './branch-ref';
import { toBuild } from './build-mapper';
import type { Build, QueueBuildRequest } from './build.types';

const REASONS: Record<NonNullable<QueueBuildRequest['reason']>, BuildReason> = {
  manual: BuildReason.Manual,
  userCreated: BuildReason.UserCreated,
  buildCompletion: BuildReason.BuildCompletion,
};

export async function queueBuild(connection: OrganizationConnection, request: QueueBuildRequest): Promise<Build> {
  requireText(request.project, 'project');
  requireId(request.definitionId, 'definitionId');
  return connection.run('queueBuild', async () => {
    const api = await connection.buildApi();
    const queued = await api.queueBuild(
      {
        definition: { id: request.definitionId },
        sourceBranch: request.sourceBranch ? branchRef(request.sourceBranch) : undefined,
        sourceVersion: request.sourceVersion,
        templateParameters: request.templateParameters ? { ...request.templateParameters } : undefined,
        // The REST API takes queue-time variables as a JSON string, not an object.
        parameters: request.variables ? JSON.stringify(request.variables) : undefined,
        reason: request.reason ? REASONS[request.reason] : undefined,
      },
      request.project,
      request.ignoreWarnings,
    );
    // The queue request is never resent (resend-safety.ts), so an unreadable 2xx answer is not retried either.
    if (!queued || typeof queued.id !== 'number') throw unreadableQueueAnswer(connection.orgUrl, request.project);
    const build = toBuild(queued);
    const tags = [...new Set(request.tags ?? [])];
    if (tags.length === 0) return build;
    try {
      return { ...build, tags: await addBuildTags(connection, request.project, build.id, tags) };
    } catch (error) {
      // Azure DevOps ignores tags in the queue request, so they are a second call. The build is queued
      // whatever happens to it: throwing would tell the caller nothing happened, and a retry would queue
      // another build. The caller decides what an untagged build means.
      const failure = error as AzureDevOpsError;
      return { ...build, tagsNotApplied: { code: failure.code, message: failure.message } };
    }
  });
}

function unreadableQueueAnswer(orgUrl: string, project: string): AzureDevOpsError {
  return new AzureDevOpsError(
    AzureDevOpsErrorCodes.INVALID_RESPONSE,
    `Azure DevOps accepted the build queue request for project "${project}" of ${orgUrl}, but its answer could not be read, so a build may have been queued. Look for it before queueing again.`,
    { outcomeUnknown: true },
  );
}
