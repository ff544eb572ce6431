import { requireGuid, requireText } from '../client/validate';
import type { PlanRef } from './plan.types';

export function assertPlan(plan: PlanRef): void {
  requireGuid(plan?.projectId, 'plan.projectId (ProjectId)');
  requireText(plan?.hubName, 'plan.hubName (HubName)');
  requireGuid(plan?.planId, 'plan.planId (PlanId)');
}

/** `{PlanUrl}{ProjectId}/_apis/distributedtask/hubs/{HubName}/plans/{PlanId}` + suffix. */
export function planUrl(orgUrl: string, plan: PlanRef, suffix: string): string {
  const segments = [plan.projectId, '_apis', 'distributedtask', 'hubs', plan.hubName, 'plans', plan.planId];
  return `${orgUrl}${segments.map(encodeURIComponent).join('/')}${suffix}`;
}
