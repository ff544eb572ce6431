export { AzureDevOpsTestServer, type AzureDevOpsTestServerOptions, type RecordedCall } from './azure-devops-test-server';
export type { FaultSpec } from './faults';
export { OrgState } from './org-state';
export type {
  BuildRecord,
  BuildSeed,
  CoverageSeed,
  DefinitionRecord,
  DefinitionSeed,
  PlanEventRecord,
  PlanRecord,
  ProjectRecord,
  TaskLogRecord,
  TimelineRecordSeed,
  WorkItemSeed,
  WorkItemRecord,
  WorkItemState,
} from './org-state.types';
export { locationsForArea, RESOURCE_AREAS } from './locations';
export { heapHolds } from './heap-holds';
