export { AzureDevOpsClient, type AzureDevOpsClientOptions } from './client/azure-devops-client';
export { OrganizationClient } from './client/organization-client';
export { OrgAllowList, parseAllowedOrgUrls, normalizeOrgUrl } from './client/allow-list';
export { azureDevOpsConfigFromEnv, withinRequestBudget, type AzureDevOpsConfig } from './client/config';
export { type AzureDevOpsCredential, patCredential, bearerCredential, authorizationHeader } from './client/credentials';
export { type RetryPolicy, defaultRetryPolicy, parseRetryAfter } from './client/retry-policy';
export {
  AzureDevOpsError,
  AzureDevOpsErrorCodes,
  type AzureDevOpsErrorCode,
  type AzureDevOpsErrorDetails,
  isAzureDevOpsError,
  isRetryable,
  isPermanent,
} from './errors/azure-devops-error';
export { redactSecrets } from './errors/redact';
export type * from './builds/build.types';
export type { BuildWorkItemsRequest } from './builds/build-work-items';
export type * from './work-items/work-item.types';
export type * from './tasks/plan.types';
export type { RecordLogRequest } from './tasks/record-log';
export type { PlanInfo } from './tasks/get-plan';
export type { TimelineRecordSummary } from './tasks/timeline-records';
export { PLAN_EVENTS_API_VERSION } from './tasks/plan-events';
export type { CodeCoverageSummary, CoverageFigure } from './coverage/code-coverage';
