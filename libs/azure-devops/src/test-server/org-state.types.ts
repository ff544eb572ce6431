/** Seeds and records of the test server's per-organization state. */
export interface ProjectRecord {
  id: string;
  name: string;
}

export interface DefinitionSeed {
  project: string;
  name: string;
  id?: number;
  path?: string;
  defaultBranch?: string;
  /** YAML template parameters without a default: queueing without them fails validation, as in Azure DevOps. */
  requiredTemplateParameters?: string[];
  /**
   * Queue-time warnings (e.g. "no agent online"): as in Azure DevOps, a queue request fails with them
   * unless it says `ignoreWarnings=true`.
   */
  queueWarnings?: string[];
}

export interface DefinitionRecord {
  id: number;
  name: string;
  path: string;
  revision: number;
  project: ProjectRecord;
  defaultBranch: string;
  requiredTemplateParameters: string[];
  queueWarnings: string[];
}

export interface BuildSeed {
  project: string;
  definitionId: number;
  id?: number;
  status?: string;
  result?: string;
  sourceBranch?: string;
  sourceVersion?: string;
  tags?: string[];
  reason?: string;
  parameters?: string;
  templateParameters?: Record<string, string>;
  queueTime?: string;
  startTime?: string;
  finishTime?: string;
}

export interface BuildRecord extends Required<Omit<BuildSeed, 'id' | 'project' | 'result' | 'parameters' | 'templateParameters' | 'startTime' | 'finishTime'>> {
  id: number;
  buildNumber: string;
  planId: string;
  project: ProjectRecord;
  result?: string;
  parameters?: string;
  templateParameters?: Record<string, string>;
  startTime?: string;
  finishTime?: string;
  /** Work item ids per commit id, and ids linked to the build regardless of commit ("*"). */
  workItems: Map<string, number[]>;
  timeline: TimelineRecordSeed[];
}

export interface TimelineRecordSeed {
  id?: string;
  parentId?: string;
  type: string;
  name: string;
  state?: string;
  result?: string;
  task?: { id: string; name: string; version: string };
  order?: number;
}

export interface WorkItemSeed {
  id: number;
  project?: string;
  type?: string;
  state?: string;
  title?: string;
  fields?: Record<string, unknown>;
  relations?: Array<{ rel: string; url: string; attributes?: Record<string, unknown> }>;
}

export interface WorkItemState {
  name: string;
  color: string;
  category: string;
}

export interface TaskLogRecord {
  id: number;
  path: string;
  createdOn: string;
  lastChangedOn: string;
  content: string;
  lineCount: number;
}

export interface PlanEventRecord {
  name: string;
  taskId: string;
  jobId: string;
  result: string;
  [key: string]: unknown;
}

export interface PlanRecord {
  scopeIdentifier: string;
  hubName: string;
  planId: string;
  version: number;
  logs: TaskLogRecord[];
  timelines: Map<string, Map<string, Record<string, unknown>>>;
  events: PlanEventRecord[];
}

export interface CoverageSeed {
  status?: string;
  stats: Array<{ label: string; covered: number; total: number }>;
}

export interface WorkItemRecord {
  id: number;
  rev: number;
  project?: ProjectRecord;
  fields: Record<string, unknown>;
  relations: NonNullable<WorkItemSeed['relations']>;
}
