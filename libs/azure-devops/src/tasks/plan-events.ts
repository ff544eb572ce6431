import type { OrganizationConnection } from '../client/organization-connection';
import { requireGuid } from '../client/validate';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { assertPlan, planUrl } from './plan-path';
import type { PlanRef, TaskCompletedEvent } from './plan.types';

/**
 * Oldest version every TFS 2017+ / Azure DevOps Server and the cloud accept for plan events (the
 * vsts-rest-api-specs example uses it); the node api has no method for this call to negotiate one.
 */
export const PLAN_EVENTS_API_VERSION = '2.0-preview.1';

/** Tells the pipeline that the check/task finished: POST …/plans/{planId}/events (204). */
export async function postTaskCompleted(connection: OrganizationConnection, plan: PlanRef, event: TaskCompletedEvent): Promise<void> {
  assertPlan(plan);
  requireGuid(event?.taskId, 'taskId (TaskInstanceId)');
  requireGuid(event?.jobId, 'jobId (JobId)');
  if (event.result !== 'succeeded' && event.result !== 'failed') {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `result must be "succeeded" or "failed", got ${JSON.stringify(event.result)}.`);
  }
  await connection.run('postTaskCompleted', async () => {
    const api = await connection.taskApi();
    const url = planUrl(connection.orgUrl, plan, `/events?api-version=${PLAN_EVENTS_API_VERSION}`);
    const body = { name: 'TaskCompleted', taskId: event.taskId, jobId: event.jobId, result: event.result };
    await api.rest.create(url, body, { acceptHeader: 'application/json' });
  });
}
