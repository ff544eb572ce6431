import { Readable } from 'node:stream';
import type { TaskLog as ApiTaskLog } from 'azure-devops-node-api/interfaces/TaskAgentInterfaces';
import type { OrganizationConnection } from '../client/organization-connection';
import { optionalDate } from '../client/enum-text';
import { requireId, requireText } from '../client/validate';
import { assertPlan } from './plan-path';
import type { PlanRef, TaskLog } from './plan.types';

/** Creates an empty log in the plan; `path` is conventionally `logs\\{recordId}`. */
export async function createTaskLog(connection: OrganizationConnection, plan: PlanRef, path: string): Promise<TaskLog> {
  assertPlan(plan);
  requireText(path, 'log path');
  return connection.run('createTaskLog', async () => {
    const api = await connection.taskApi();
    return toTaskLog(await api.createLog({ path } as ApiTaskLog, plan.projectId, plan.hubName, plan.planId));
  });
}

/** Appends UTF-8 text (send whole lines ending in "\n") to a log created by createTaskLog. */
export async function appendTaskLog(connection: OrganizationConnection, plan: PlanRef, logId: number, text: string): Promise<TaskLog> {
  assertPlan(plan);
  requireId(logId, 'logId');
  return connection.run('appendTaskLog', async () => {
    const api = await connection.taskApi();
    const body = Readable.from([Buffer.from(text, 'utf8')]);
    return toTaskLog(await api.appendLogContent({}, body, plan.projectId, plan.hubName, plan.planId, logId));
  });
}

export function toTaskLog(raw: ApiTaskLog): TaskLog {
  return {
    id: raw.id as number,
    path: raw.path,
    lineCount: raw.lineCount,
    url: raw.location ?? (raw as { url?: string }).url,
    createdOn: optionalDate(raw.createdOn),
    lastChangedOn: optionalDate(raw.lastChangedOn),
  };
}
