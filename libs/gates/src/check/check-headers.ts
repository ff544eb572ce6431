/**
 * Headers an Azure Pipelines "Invoke REST API" check sends in callback mode (set in the check's
 * Headers box; see docs/gate-evaluator.md), with the pipeline variable each one carries.
 */
export const callbackHeaders = {
  PlanUrl: '$(system.CollectionUri)',
  ProjectId: '$(system.TeamProjectId)',
  HubName: '$(system.HostType)',
  PlanId: '$(system.PlanId)',
  JobId: '$(system.JobId)',
  TimelineId: '$(system.TimelineId)',
  TaskInstanceId: '$(system.TaskInstanceId)',
  AuthToken: '$(system.AccessToken)',
} as const;

export type CallbackHeaderName = keyof typeof callbackHeaders;

/** Optional headers kept with the check for policies and log lines (never secrets). */
export const optionalCheckHeaders = ['BuildId', 'BuildReason', 'TaskInstanceName'] as const;

/** The pipeline variable that supplies each header a check may need, as docs/gate-evaluator.md writes the check's Headers. */
export const checkHeaderVariables = { ...callbackHeaders, BuildId: '$(build.BuildId)', BuildReason: '$(build.Reason)' } as const;

/**
 * What to do about a header a check does not send, its entry written as JSON of the check's Headers
 * field (docs/gate-evaluator.md): `add "BuildId": "$(build.BuildId)" to the check's Headers`.
 */
export function addHeaderAdvice(name: string, variable: string): string {
  return `add "${name}": "${variable}" to the check's Headers`;
}

/** Plan hubs a check can run in (`system.HostType`). */
export const hubNames = ['build', 'release', 'checks', 'gates'] as const;

/** Stable keys of one check: ids for its bus messages and the scope its token is sealed to. */
export function checkKeyOf(check: { planId: string; jobId: string; taskInstanceId: string }): string {
  return `${check.planId}.${check.jobId}.${check.taskInstanceId}`.toLowerCase();
}
