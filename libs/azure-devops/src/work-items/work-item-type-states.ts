import type { OrganizationConnection } from '../client/organization-connection';
import { requireText } from '../client/validate';
import type { WorkItemTypeState } from './work-item.types';

/** States of a work item type with their category, to tell whether e.g. "Done" counts as Completed. */
export async function getWorkItemTypeStates(connection: OrganizationConnection, project: string, type: string): Promise<WorkItemTypeState[]> {
  requireText(project, 'project');
  requireText(type, 'work item type');
  return connection.run('getWorkItemTypeStates', async () => {
    const api = await connection.workItemApi();
    const states = await api.getWorkItemTypeStates(project, type);
    return (states ?? []).map((state) => ({ name: state.name as string, color: state.color, category: state.category }));
  });
}
