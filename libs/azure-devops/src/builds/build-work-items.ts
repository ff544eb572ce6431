import type { OrganizationConnection } from '../client/organization-connection';
import { requireId, requireText } from '../client/validate';
import type { WorkItemRef } from './build.types';

/**
 * The $top asked for when the caller gives none. Without one Azure DevOps lists only 50 work items and
 * does not say that it stopped; a caller that must see them all compares the answer's length with its top.
 */
const DEFAULT_TOP = 1000;

export interface BuildWorkItemsRequest {
  project: string;
  buildId: number;
  /** When given, only work items linked to these commits (POST form); otherwise all of the build's. */
  commitIds?: readonly string[];
  /** The most work items to list (default 1000). An answer this long may have been cut off. */
  top?: number;
}

export async function getBuildWorkItemRefs(connection: OrganizationConnection, request: BuildWorkItemsRequest): Promise<WorkItemRef[]> {
  requireText(request.project, 'project');
  requireId(request.buildId, 'buildId');
  const top = requireId(request.top ?? DEFAULT_TOP, 'top');
  return connection.run('getBuildWorkItemRefs', async () => {
    const api = await connection.buildApi();
    const refs = request.commitIds?.length
      ? await api.getBuildWorkItemsRefsFromCommits([...request.commitIds], request.project, request.buildId, top)
      : await api.getBuildWorkItemsRefs(request.project, request.buildId, top);
    return (refs ?? []).map((ref) => ({ id: Number(ref.id), url: ref.url }));
  });
}
