import { WorkItemErrorPolicy, WorkItemExpand } from 'azure-devops-node-api/interfaces/WorkItemTrackingInterfaces';
import type * as Api from 'azure-devops-node-api/interfaces/WorkItemTrackingInterfaces';
import type { OrganizationConnection } from '../client/organization-connection';
import { requireId } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import type { GetWorkItemOptions, WorkItem } from './work-item.types';

const MAX_BATCH = 200;

export async function getWorkItem(connection: OrganizationConnection, id: number, options: GetWorkItemOptions = {}): Promise<WorkItem> {
  requireId(id, 'work item id');
  assertOptions(options);
  return connection.run('getWorkItem', async () => {
    const api = await connection.workItemApi();
    const item = await api.getWorkItem(id, fieldsOf(options), undefined, expandOf(options), options.project);
    if (!item) throw new AzureDevOpsError(AzureDevOpsErrorCodes.NOT_FOUND, `Work item ${id} was not found in ${connection.orgUrl}.`, { status: 404 });
    return toWorkItem(item);
  });
}

/** Missing or inaccessible ids are omitted rather than failing the whole batch. */
export async function getWorkItems(connection: OrganizationConnection, ids: readonly number[], options: GetWorkItemOptions = {}): Promise<WorkItem[]> {
  ids.forEach((id, index) => requireId(id, `ids[${index}]`));
  assertOptions(options);
  if (ids.length === 0) return [];
  return connection.run('getWorkItems', async () => {
    const api = await connection.workItemApi();
    const out: WorkItem[] = [];
    for (let start = 0; start < ids.length; start += MAX_BATCH) {
      const batch = [...ids.slice(start, start + MAX_BATCH)];
      const items = await api.getWorkItems(batch, fieldsOf(options), undefined, expandOf(options), WorkItemErrorPolicy.Omit, options.project);
      for (const item of items ?? []) if (item) out.push(toWorkItem(item));
    }
    return out;
  });
}

function assertOptions(options: GetWorkItemOptions): void {
  if (options.includeRelations && options.fields?.length) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, 'includeRelations cannot be combined with fields (Azure DevOps rejects $expand with fields); drop one of them.');
  }
}

function fieldsOf(options: GetWorkItemOptions): string[] | undefined {
  return options.fields?.length ? [...options.fields] : undefined;
}

function expandOf(options: GetWorkItemOptions): WorkItemExpand | undefined {
  return options.includeRelations ? WorkItemExpand.Relations : undefined;
}

function toWorkItem(raw: Api.WorkItem): WorkItem {
  return {
    id: raw.id as number,
    rev: raw.rev,
    fields: (raw.fields ?? {}) as Record<string, unknown>,
    relations: raw.relations?.map((relation) => ({
      rel: relation.rel as string,
      url: relation.url as string,
      attributes: relation.attributes as Record<string, unknown> | undefined,
    })),
    url: raw.url,
  };
}
