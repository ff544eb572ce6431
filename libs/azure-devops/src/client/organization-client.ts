import { getBuildWorkItemRefs, type BuildWorkItemsRequest } from '../builds/build-work-items';
import { addBuildTags } from '../builds/add-build-tags';
import type { Build, BuildDefinitionRef, BuildTimeline, ListBuildsQueuedSinceRequest, ListBuildsRequest, QueueBuildRequest, WorkItemRef } from '../builds/build.types';
import { findBuildDefinition } from '../builds/find-definition';
import { getBuild, getBuildTimeline } from '../builds/get-build';
import { listBuildsByTag, listBuildsQueuedSince } from '../builds/list-builds';
import { queueBuild } from '../builds/queue-build';
import { getCodeCoverageSummary, type CodeCoverageSummary } from '../coverage/code-coverage';
import { getPlan, type PlanInfo } from '../tasks/get-plan';
import { postTaskCompleted } from '../tasks/plan-events';
import type { PlanRef, TaskCompletedEvent, TaskLog, TimelineRecordUpdate } from '../tasks/plan.types';
import { writeRecordLog, type RecordLogRequest } from '../tasks/record-log';
import { appendTaskLog, createTaskLog } from '../tasks/task-logs';
import { getTimelineRecords, updateTimelineRecords, type TimelineRecordSummary } from '../tasks/timeline-records';
import { getWorkItem, getWorkItems } from '../work-items/get-work-items';
import type { GetWorkItemOptions, WorkItem, WorkItemTypeState } from '../work-items/work-item.types';
import { getWorkItemTypeStates } from '../work-items/work-item-type-states';
import type { OrganizationConnection } from './organization-connection';

/** Typed operations against one allow-listed organization with one credential. */
export class OrganizationClient {
  constructor(private readonly connection: OrganizationConnection) {}

  get orgUrl(): string {
    return this.connection.orgUrl;
  }

  findBuildDefinition(project: string, name: string, options?: { refresh?: boolean }): Promise<BuildDefinitionRef | undefined> {
    return findBuildDefinition(this.connection, project, name, options);
  }

  queueBuild(request: QueueBuildRequest): Promise<Build> {
    return queueBuild(this.connection, request);
  }

  listBuildsByTag(request: ListBuildsRequest): Promise<Build[]> {
    return listBuildsByTag(this.connection, request);
  }

  /** Builds of a definition (and branch) queued at or after `minTime`, any tags, oldest first. */
  listBuildsQueuedSince(request: ListBuildsQueuedSinceRequest): Promise<Build[]> {
    return listBuildsQueuedSince(this.connection, request);
  }

  /** Adds tags to a queued build; returns all its tags. */
  addBuildTags(project: string, buildId: number, tags: readonly string[]): Promise<string[]> {
    return addBuildTags(this.connection, project, buildId, tags);
  }

  getBuild(project: string, buildId: number): Promise<Build> {
    return getBuild(this.connection, project, buildId);
  }

  getBuildTimeline(project: string, buildId: number): Promise<BuildTimeline> {
    return getBuildTimeline(this.connection, project, buildId);
  }

  getBuildWorkItemRefs(request: BuildWorkItemsRequest): Promise<WorkItemRef[]> {
    return getBuildWorkItemRefs(this.connection, request);
  }

  getWorkItem(id: number, options?: GetWorkItemOptions): Promise<WorkItem> {
    return getWorkItem(this.connection, id, options);
  }

  getWorkItems(ids: readonly number[], options?: GetWorkItemOptions): Promise<WorkItem[]> {
    return getWorkItems(this.connection, ids, options);
  }

  getWorkItemTypeStates(project: string, type: string): Promise<WorkItemTypeState[]> {
    return getWorkItemTypeStates(this.connection, project, type);
  }

  createTaskLog(plan: PlanRef, path: string): Promise<TaskLog> {
    return createTaskLog(this.connection, plan, path);
  }

  appendTaskLog(plan: PlanRef, logId: number, text: string): Promise<TaskLog> {
    return appendTaskLog(this.connection, plan, logId, text);
  }

  updateTimelineRecords(plan: PlanRef, timelineId: string, records: readonly TimelineRecordUpdate[]): Promise<TimelineRecordSummary[]> {
    return updateTimelineRecords(this.connection, plan, timelineId, records);
  }

  getTimelineRecords(plan: PlanRef, timelineId: string): Promise<TimelineRecordSummary[]> {
    return getTimelineRecords(this.connection, plan, timelineId);
  }

  /** The checks samples' "status message": new log, its lines, and the log attached to the record. */
  writeRecordLog(plan: PlanRef, request: RecordLogRequest): Promise<TaskLog> {
    return writeRecordLog(this.connection, plan, request);
  }

  getPlan(plan: PlanRef): Promise<PlanInfo> {
    return getPlan(this.connection, plan);
  }

  postTaskCompleted(plan: PlanRef, event: TaskCompletedEvent): Promise<void> {
    return postTaskCompleted(this.connection, plan, event);
  }

  getCodeCoverageSummary(project: string, buildId: number): Promise<CodeCoverageSummary> {
    return getCodeCoverageSummary(this.connection, project, buildId);
  }
}
