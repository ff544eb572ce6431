/** Identifies a pipeline orchestration plan, from the check call's headers. */
export interface PlanRef {
  /** `ProjectId` header: the project GUID, used by the REST API as scopeIdentifier. */
  projectId: string;
  /** `HubName` header: build, release, checks or gates (case-insensitive on the server). */
  hubName: string;
  /** `PlanId` header. */
  planId: string;
}

export interface TaskLog {
  id: number;
  path?: string;
  lineCount?: number;
  url?: string;
  createdOn?: string;
  lastChangedOn?: string;
}

/** Fields we set on a timeline record; the REST API merges them into the existing record. */
export interface TimelineRecordUpdate {
  id: string;
  parentId?: string;
  type?: string;
  name?: string;
  startTime?: string;
  finishTime?: string;
  state?: 'pending' | 'inProgress' | 'completed';
  result?: 'succeeded' | 'succeededWithIssues' | 'failed' | 'canceled' | 'skipped' | 'abandoned';
  percentComplete?: number;
  currentOperation?: string;
  log?: { id: number; path?: string; url?: string };
}

export type PlanEventResult = 'succeeded' | 'failed';

export interface TaskCompletedEvent {
  /** `TaskInstanceId` header (or the empty GUID for Gates plans of version <= 12). */
  taskId: string;
  /** `JobId` header. */
  jobId: string;
  result: PlanEventResult;
}
