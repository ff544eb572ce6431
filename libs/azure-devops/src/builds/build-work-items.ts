import type { OrganizationConnection } from '../client/organization-connection';
import { requireId, requireText } from '../client/validate';
import type { WorkItemRef } from './build.types';

export interface BuildWorkItemsRequest {
  project: string;
  buildId: number;
  /** When given, only work items linked to these commits (POST form); otherwise all of the build's. */
  commitIds?: readonly string[];
  top?: number;
}

export async function getBuildWorkItemRefs(connection: OrganizationConnection, request: BuildWorkItemsRequest): Promise<WorkItemRef[]> {
  requireText(request.project, 'project');
  requireId(request.buildId, 'buildId');
  return connection.run('getBuildWorkItemRefs', async () => {
    const api = await connection.buildApi();
    const refs = request.commitIds?.length
      ? await api.getBuildWorkItemsRefsFromCommits([...request.commitIds], request.project, request.buildId, request.top)
      : await api.getBuildWorkItemsRefs(request.project, request.buildId, request.top);
    return (refs ?? []).map((ref) => ({ id: Number(ref.id), url: ref.url }));
  });
}
