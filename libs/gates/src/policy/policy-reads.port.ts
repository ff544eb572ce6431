/**
 * What policies read from Azure DevOps, for one check (its organization, project and AuthToken are
 * already bound). The gate evaluator implements it over @switchyard/azure-devops; keeping it a port
 * keeps this lib free of HTTP clients, so the ingress can load every policy type.
 */
export interface AzureDevOpsReads {
  getBuild(buildId: number): Promise<BuildInfo>;
  getBuildTimeline(buildId: number): Promise<TimelineRecordInfo[]>;
  /** Work items linked to the build (through its commits and pull requests), as far as Azure DevOps lists them. */
  getBuildWorkItemIds(buildId: number): Promise<BuildWorkItemIds>;
  /** The work items of these ids that exist and can be read (a batch read; the others are left out). */
  getWorkItems(ids: readonly number[]): Promise<WorkItemInfo[]>;
  /** The states of a work item type with their categories (Proposed, InProgress, Resolved, Completed, Removed). */
  getWorkItemTypeStates(workItemType: string): Promise<WorkItemStateInfo[]>;
  /** The build's code coverage summary: its processing status and statistics (none when nothing was published yet). */
  getCoverageSummary(buildId: number): Promise<CoverageSummaryInfo>;
}

export interface BuildInfo {
  id: number;
  status?: string;
  result?: string;
  reason?: string;
  sourceVersion?: string;
}

export interface BuildWorkItemIds {
  /** Distinct work item ids. */
  ids: number[];
  /**
   * False when the answer reached the most the read asks Azure DevOps for (`limit`): Azure DevOps cuts
   * the list there without saying so, so more work items may be linked than `ids` holds.
   */
  complete: boolean;
  limit: number;
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

export interface CoverageSummaryInfo {
  /**
   * Azure DevOps' processing status of the summary (CoverageSummaryStatus, wire spelling): `inProgress`,
   * `pending` and `updateRequestQueued` while it still merges coverage, `completed` or `finalized` when
   * done, `none` when nothing was published. Absent from servers that do not report one.
   */
  status?: string;
  stats: CoverageStatInfo[];
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
