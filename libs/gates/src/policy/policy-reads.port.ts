/**
 * What policies read from Azure DevOps, for one check (its organization, project and AuthToken are
 * already bound). The gate evaluator implements it over @switchyard/azure-devops; keeping it a port
 * keeps this lib free of HTTP clients, so the ingress can load every policy type.
 */
export interface AzureDevOpsReads {
  getBuild(buildId: number): Promise<BuildInfo>;
  getBuildTimeline(buildId: number): Promise<TimelineRecordInfo[]>;
  /** Work items linked to the build (through its commits and pull requests). */
  getBuildWorkItemIds(buildId: number): Promise<number[]>;
  getWorkItem(id: number): Promise<WorkItemInfo>;
  /** The states of a work item type with their categories (Proposed, InProgress, Resolved, Completed, Removed). */
  getWorkItemTypeStates(workItemType: string): Promise<WorkItemStateInfo[]>;
  /** Code coverage statistics of the build; empty when none were published (yet). */
  getCoverageStats(buildId: number): Promise<CoverageStatInfo[]>;
}

export interface BuildInfo {
  id: number;
  status?: string;
  result?: string;
  reason?: string;
  sourceVersion?: string;
}

export interface TimelineRecordInfo {
  type?: string;
  name?: string;
  state?: string;
  result?: string;
  taskId?: string;
}

export interface WorkItemInfo {
  id: number;
  type?: string;
  state?: string;
}

export interface WorkItemStateInfo {
  name: string;
  category?: string;
}

export interface CoverageStatInfo {
  label: string;
  covered: number;
  total: number;
}

/** Reads a JSON document from a metrics endpoint (allow-listed by the implementation). */
export interface MetricReader {
  readJson(url: string): Promise<unknown>;
}
