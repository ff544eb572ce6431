import { createHash, randomUUID } from 'node:crypto';
import type {
  ProjectRecord,
  DefinitionSeed,
  DefinitionRecord,
  BuildSeed,
  BuildRecord,
  TimelineRecordSeed,
  WorkItemSeed,
  WorkItemRecord,
  WorkItemState,
  PlanRecord,
  CoverageSeed,
} from './org-state.types';

const AGILE_STATES: WorkItemState[] = [
  { name: 'New', color: 'b2b2b2', category: 'Proposed' },
  { name: 'Active', color: '007acc', category: 'InProgress' },
  { name: 'Resolved', color: 'ff9d00', category: 'Resolved' },
  { name: 'Closed', color: '339933', category: 'Completed' },
  { name: 'Removed', color: 'ffffff', category: 'Removed' },
];

/** Everything the test server knows about one organization / collection. */
export class OrgState {
  readonly projects = new Map<string, ProjectRecord>();
  readonly definitions = new Map<number, DefinitionRecord>();
  readonly builds = new Map<number, BuildRecord>();
  readonly workItems = new Map<number, WorkItemRecord>();
  readonly workItemTypeStates = new Map<string, WorkItemState[]>();
  readonly plans = new Map<string, PlanRecord>();
  readonly coverage = new Map<number, CoverageSeed>();
  /** Resource area id → locationUrl override (to simulate areas on other hosts). */
  readonly resourceAreaUrls = new Map<string, string>();
  private nextDefinitionId = 1;
  private nextBuildId = 1;

  /** `knownPlansOnly`: see AzureDevOpsTestServerOptions. */
  constructor(
    readonly name: string,
    private readonly knownPlansOnly = false,
  ) {}

  /** A project by name or GUID; seeding by name gives it a stable GUID derived from the name. */
  addProject(nameOrId: string, id?: string): ProjectRecord {
    const existing = this.findProject(nameOrId);
    if (existing) return existing;
    const project = { name: nameOrId, id: id ?? (isGuid(nameOrId) ? nameOrId : guidFrom(`${this.name}/${nameOrId}`)) };
    this.projects.set(project.id.toLowerCase(), project);
    return project;
  }

  findProject(nameOrId: string): ProjectRecord | undefined {
    const key = nameOrId.toLowerCase();
    return this.projects.get(key) ?? [...this.projects.values()].find((project) => project.name.toLowerCase() === key);
  }

  addDefinition(seed: DefinitionSeed): DefinitionRecord {
    const id = seed.id ?? this.nextDefinitionId;
    this.nextDefinitionId = Math.max(this.nextDefinitionId, id + 1);
    const record: DefinitionRecord = {
      id,
      name: seed.name,
      path: seed.path ?? '\\',
      revision: 1,
      project: this.addProject(seed.project),
      defaultBranch: seed.defaultBranch ?? 'refs/heads/main',
      requiredTemplateParameters: seed.requiredTemplateParameters ?? [],
      queueWarnings: seed.queueWarnings ?? [],
    };
    this.definitions.set(id, record);
    return record;
  }

  addBuild(seed: BuildSeed): BuildRecord {
    const id = seed.id ?? this.nextBuildId;
    this.nextBuildId = Math.max(this.nextBuildId, id + 1);
    const definition = this.definitions.get(seed.definitionId);
    const now = new Date().toISOString();
    const record: BuildRecord = {
      id,
      buildNumber: `${now.slice(0, 10).replace(/-/g, '')}.${id}`,
      planId: randomUUID(),
      project: this.addProject(seed.project),
      definitionId: seed.definitionId,
      status: seed.status ?? 'notStarted',
      result: seed.result,
      sourceBranch: seed.sourceBranch ?? definition?.defaultBranch ?? 'refs/heads/main',
      sourceVersion: seed.sourceVersion ?? createHash('sha1').update(`build-${id}`).digest('hex'),
      tags: [...(seed.tags ?? [])],
      reason: seed.reason ?? 'manual',
      parameters: seed.parameters,
      templateParameters: seed.templateParameters,
      queueTime: seed.queueTime ?? now,
      startTime: seed.startTime,
      finishTime: seed.finishTime,
      workItems: new Map(),
      timeline: [],
    };
    this.builds.set(id, record);
    return record;
  }

  /** Replace (part of) a build, e.g. to complete it between two calls. */
  updateBuild(id: number, changes: Partial<Pick<BuildRecord, 'status' | 'result' | 'tags' | 'finishTime' | 'startTime'>>): BuildRecord {
    const build = this.requireBuild(id);
    Object.assign(build, changes);
    return build;
  }

  setTimeline(buildId: number, records: TimelineRecordSeed[]): void {
    this.requireBuild(buildId).timeline = records.map((record, index) => ({ ...record, id: record.id ?? randomUUID(), order: record.order ?? index + 1 }));
  }

  /** Links work items to a build, optionally through a commit (what POST …/workitems filters by). */
  linkWorkItems(buildId: number, workItemIds: number[], commitId = '*'): void {
    const build = this.requireBuild(buildId);
    build.workItems.set(commitId, [...(build.workItems.get(commitId) ?? []), ...workItemIds]);
  }

  addWorkItem(seed: WorkItemSeed): void {
    const project = seed.project ? this.addProject(seed.project) : undefined;
    this.workItems.set(seed.id, {
      id: seed.id,
      rev: 1,
      project,
      fields: {
        'System.Id': seed.id,
        'System.TeamProject': project?.name,
        'System.WorkItemType': seed.type ?? 'Task',
        'System.State': seed.state ?? 'New',
        'System.Title': seed.title ?? `Work item ${seed.id}`,
        ...seed.fields,
      },
      relations: seed.relations ?? [],
    });
  }

  setWorkItemState(id: number, state: string): void {
    const item = this.workItems.get(id);
    if (!item) throw new Error(`test server: no work item ${id} in ${this.name}`);
    item.fields['System.State'] = state;
    item.rev += 1;
  }

  setWorkItemTypeStates(type: string, states: WorkItemState[]): void {
    this.workItemTypeStates.set(type.toLowerCase(), states);
  }

  statesOf(type: string): WorkItemState[] | undefined {
    return this.workItemTypeStates.get(type.toLowerCase()) ?? (KNOWN_TYPES.has(type.toLowerCase()) ? AGILE_STATES : undefined);
  }

  setCoverage(buildId: number, coverage: CoverageSeed): void {
    this.coverage.set(buildId, coverage);
  }

  plan(scopeIdentifier: string, hubName: string, planId: string): PlanRecord {
    const key = `${scopeIdentifier}/${hubName}/${planId}`.toLowerCase();
    let plan = this.plans.get(key);
    if (!plan) {
      plan = { scopeIdentifier, hubName, planId, version: 14, logs: [], timelines: new Map(), events: [] };
      this.plans.set(key, plan);
    }
    return plan;
  }

  /**
   * The plan a request names, by scope (project id), hub and plan id together: undefined when it was
   * never seeded with plan() and the server takes known plans only, as Azure DevOps answers 404.
   */
  planOfRequest(scopeIdentifier: string, hubName: string, planId: string): PlanRecord | undefined {
    if (!this.knownPlansOnly) return this.plan(scopeIdentifier, hubName, planId);
    return this.plans.get(`${scopeIdentifier}/${hubName}/${planId}`.toLowerCase());
  }

  /** Sets the orchestration version GET …/plans/{planId} reports (Gates plans <= 12 behave differently). */
  setPlanVersion(scopeIdentifier: string, hubName: string, planId: string, version: number): void {
    this.plan(scopeIdentifier, hubName, planId).version = version;
  }

  /** Everything posted to a plan (by plan id alone, whichever hub/scope it used). */
  planById(planId: string): PlanRecord | undefined {
    return [...this.plans.values()].find((plan) => plan.planId.toLowerCase() === planId.toLowerCase());
  }

  private requireBuild(id: number): BuildRecord {
    const build = this.builds.get(id);
    if (!build) throw new Error(`test server: no build ${id} in ${this.name}`);
    return build;
  }
}

const KNOWN_TYPES = new Set(['bug', 'task', 'user story', 'feature', 'epic', 'issue']);

function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function guidFrom(text: string): string {
  const hex = createHash('sha1').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
