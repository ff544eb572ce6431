import type { TimelineRecord } from 'azure-devops-node-api/interfaces/TaskAgentInterfaces';
import { TaskResult, TimelineRecordState } from 'azure-devops-node-api/interfaces/TaskAgentInterfaces';
import type { OrganizationConnection } from '../client/organization-connection';
import { enumText, optionalDate } from '../client/enum-text';
import { requireGuid } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { assertPlan } from './plan-path';
import type { PlanRef, TimelineRecordUpdate } from './plan.types';

export interface TimelineRecordSummary {
  id: string;
  name?: string;
  type?: string;
  state?: string;
  result?: string;
  log?: { id?: number; url?: string };
  startTime?: string;
  finishTime?: string;
}

/** PATCH timelines/{timelineId}/records: creates or updates the given records. */
export async function updateTimelineRecords(
  connection: OrganizationConnection,
  plan: PlanRef,
  timelineId: string,
  records: readonly TimelineRecordUpdate[],
): Promise<TimelineRecordSummary[]> {
  assertPlan(plan);
  requireGuid(timelineId, 'timelineId (TimelineId)');
  if (!Array.isArray(records) || records.length === 0) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, 'records must contain at least one timeline record to update.');
  }
  records.forEach((record, index) => requireGuid(record?.id, `records[${index}].id`));
  return connection.run('updateTimelineRecords', async () => {
    const api = await connection.taskApi();
    // Sent as JSON with the wire spellings ("completed"), which is what the REST API expects.
    const wire = records.map((record) => ({ ...record })) as unknown as TimelineRecord[];
    const updated = await api.updateRecords({ count: wire.length, value: wire }, plan.projectId, plan.hubName, plan.planId, timelineId);
    return (updated ?? []).map(toRecordSummary);
  });
}

/**
 * GET timelines/{timelineId}/records: every record of the timeline, e.g. to see whether a check's
 * record is already `completed` before posting its decision again. A timeline the server does not
 * know reads as no records.
 */
export async function getTimelineRecords(connection: OrganizationConnection, plan: PlanRef, timelineId: string): Promise<TimelineRecordSummary[]> {
  assertPlan(plan);
  requireGuid(timelineId, 'timelineId (TimelineId)');
  return connection.run('getTimelineRecords', async () => {
    const api = await connection.taskApi();
    const records = await api.getRecords(plan.projectId, plan.hubName, plan.planId, timelineId);
    return (Array.isArray(records) ? records : []).map(toRecordSummary);
  });
}

function toRecordSummary(raw: TimelineRecord): TimelineRecordSummary {
  return {
    id: raw.id as string,
    name: raw.name,
    type: raw.type,
    state: enumText(TimelineRecordState, raw.state),
    result: enumText(TaskResult, raw.result),
    log: raw.log ? { id: raw.log.id, url: raw.log.location } : undefined,
    startTime: optionalDate(raw.startTime),
    finishTime: optionalDate(raw.finishTime),
  };
}
