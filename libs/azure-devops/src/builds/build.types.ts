export type BuildStatusText = 'none' | 'inProgress' | 'completed' | 'cancelling' | 'postponed' | 'notStarted';
export type BuildResultText = 'none' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';

export interface BuildDefinitionRef {
  id: number;
  name: string;
  path?: string;
  revision?: number;
  projectId?: string;
  projectName?: string;
  url?: string;
  /**
   * Set by findBuildDefinition when more than one definition of the project has the name asked for
   * (pipelines in different folders may share one): every one of them, this one included. The name
   * alone then does not say which is meant.
   */
  sameName?: BuildDefinitionRef[];
}

export interface Build {
  id: number;
  buildNumber?: string;
  status?: BuildStatusText | string;
  result?: BuildResultText | string;
  reason?: string;
  definition?: { id: number; name?: string };
  project?: { id?: string; name?: string };
  sourceBranch?: string;
  sourceVersion?: string;
  tags: string[];
  /** Queue-time variables, parsed from the JSON string the REST API uses. */
  parameters?: Record<string, string>;
  templateParameters?: Record<string, string>;
  queueTime?: string;
  startTime?: string;
  finishTime?: string;
  url?: string;
  /** Link to the run in the web UI, when the server sent one. */
  webUrl?: string;
  /**
   * Set by queueBuild when the build was queued but its tags could not be added (after retries):
   * the code and message of that failure. The build exists; queueing again would make a second one.
   */
  tagsNotApplied?: { code: string; message: string };
}

export interface QueueBuildRequest {
  project: string;
  definitionId: number;
  /** Full ref, e.g. `refs/heads/main`; a bare branch name is expanded to `refs/heads/<name>`. */
  sourceBranch?: string;
  sourceVersion?: string;
  /** Added to the build after it is queued (the queue call itself ignores tags). */
  tags?: readonly string[];
  /** YAML pipeline `parameters:` values. */
  templateParameters?: Readonly<Record<string, string>>;
  /** Queue-time variables (classic "parameters"). */
  variables?: Readonly<Record<string, string>>;
  /** Not BuildReason.Triggered: that is a filter value combining nine reasons (1967), not a reason to queue with. */
  reason?: 'manual' | 'userCreated' | 'buildCompletion';
  /**
   * Queue despite warnings such as "agents that could run it are not online", as the web UI does;
   * without it Azure DevOps refuses the request (400, the warnings in ValidationResults).
   */
  ignoreWarnings?: boolean;
}

export interface ListBuildsRequest {
  project: string;
  /** Builds carrying every one of these tags. */
  tags: readonly string[];
  definitionIds?: readonly number[];
  status?: Exclude<BuildStatusText, 'none'> | 'all';
  branchName?: string;
  top?: number;
}

/** Builds of one definition queued at or after a time, whatever their tags: see listBuildsQueuedSince. */
export interface ListBuildsQueuedSinceRequest {
  project: string;
  definitionId: number;
  /**
   * Builds queued at or after this time, by Azure DevOps' clock. The client sends it to the second
   * (azure-devops-node-api writes dates with toUTCString), so allow for that and for clock skew.
   */
  minTime: Date;
  /** Full ref, e.g. `refs/heads/main` (a bare branch name is expanded); omitted: any branch. */
  branchName?: string;
  status?: Exclude<BuildStatusText, 'none'> | 'all';
  top?: number;
}

export type TimelineRecordStateText = 'pending' | 'inProgress' | 'completed';
export type TaskResultText = 'succeeded' | 'succeededWithIssues' | 'failed' | 'canceled' | 'skipped' | 'abandoned';

export interface BuildTimelineRecord {
  id: string;
  parentId?: string;
  type?: string;
  name?: string;
  identifier?: string;
  order?: number;
  state?: TimelineRecordStateText | string;
  result?: TaskResultText | string;
  task?: { id?: string; name?: string; version?: string };
  log?: { id?: number; url?: string };
  errorCount?: number;
  warningCount?: number;
  startTime?: string;
  finishTime?: string;
}

export interface BuildTimeline {
  id?: string;
  changeId?: number;
  records: BuildTimelineRecord[];
}

export interface WorkItemRef {
  id: number;
  url?: string;
}
