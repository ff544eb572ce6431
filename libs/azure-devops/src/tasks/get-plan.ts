import type { OrganizationConnection } from '../client/organization-connection';
import { assertPlan } from './plan-path';
import type { PlanRef } from './plan.types';

export interface PlanInfo {
  planId: string;
  /**
   * Orchestration version. For `Gates` plans with version <= 12 the TaskCompleted event must use
   * jobId = TaskInstanceId and the empty GUID as taskId (Microsoft checks sample behaviour).
   */
  version?: number;
}

export async function getPlan(connection: OrganizationConnection, plan: PlanRef): Promise<PlanInfo> {
  assertPlan(plan);
  return connection.run('getPlan', async () => {
    const api = await connection.taskApi();
    const found = await api.getPlan(plan.projectId, plan.hubName, plan.planId);
    return { planId: found?.planId ?? plan.planId, version: found?.version };
  });
}
