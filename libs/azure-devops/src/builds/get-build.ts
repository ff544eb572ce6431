import type { OrganizationConnection } from '../client/organization-connection';
import { requireId, requireText } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { toBuild, toTimeline } from './build-mapper';
import type { Build, BuildTimeline } from './build.types';

export async function getBuild(connection: OrganizationConnection, project: string, buildId: number): Promise<Build> {
  requireText(project, 'project');
  requireId(buildId, 'buildId');
  return connection.run('getBuild', async () => {
    const api = await connection.buildApi();
    const build = await api.getBuild(project, buildId);
    if (!build) throw notFound(`Build ${buildId} was not found in project "${project}" of ${connection.orgUrl}.`);
    return toBuild(build);
  });
}

/** The run's Build timeline (stages, jobs, tasks), as the Microsoft checks samples read it. */
export async function getBuildTimeline(connection: OrganizationConnection, project: string, buildId: number): Promise<BuildTimeline> {
  requireText(project, 'project');
  requireId(buildId, 'buildId');
  return connection.run('getBuildTimeline', async () => {
    const api = await connection.buildApi();
    return toTimeline(await api.getBuildTimeline(project, buildId));
  });
}

function notFound(message: string): AzureDevOpsError {
  return new AzureDevOpsError(AzureDevOpsErrorCodes.NOT_FOUND, message, { status: 404 });
}
