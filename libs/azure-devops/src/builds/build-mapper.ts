import { BuildReason, BuildResult, BuildStatus, TaskResult, TimelineRecordState } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import type * as Api from 'azure-devops-node-api/interfaces/BuildInterfaces';
import { enumText, optionalDate } from '../client/enum-text';
import type { Build, BuildDefinitionRef, BuildTimeline, BuildTimelineRecord } from './build.types';

export function toBuild(raw: Api.Build): Build {
  const links = raw._links as { web?: { href?: string } } | undefined;
  return {
    id: raw.id as number,
    buildNumber: raw.buildNumber,
    status: enumText(BuildStatus, raw.status),
    result: enumText(BuildResult, raw.result),
    reason: enumText(BuildReason, raw.reason),
    definition: raw.definition?.id !== undefined ? { id: raw.definition.id, name: raw.definition.name } : undefined,
    project: raw.project ? { id: raw.project.id, name: raw.project.name } : undefined,
    sourceBranch: raw.sourceBranch,
    sourceVersion: raw.sourceVersion,
    tags: raw.tags ?? [],
    parameters: parseJsonMap(raw.parameters),
    templateParameters: raw.templateParameters as Record<string, string> | undefined,
    queueTime: optionalDate(raw.queueTime),
    startTime: optionalDate(raw.startTime),
    finishTime: optionalDate(raw.finishTime),
    url: raw.url,
    webUrl: links?.web?.href,
  };
}

export function toDefinitionRef(raw: Api.BuildDefinitionReference): BuildDefinitionRef {
  return {
    id: raw.id as number,
    name: raw.name as string,
    path: raw.path,
    revision: raw.revision,
    projectId: raw.project?.id,
    projectName: raw.project?.name,
    url: raw.url,
  };
}

export function toTimeline(raw: Api.Timeline | null | undefined): BuildTimeline {
  return { id: raw?.id, changeId: raw?.changeId, records: (raw?.records ?? []).map(toTimelineRecord) };
}

function toTimelineRecord(raw: Api.TimelineRecord): BuildTimelineRecord {
  return {
    id: raw.id as string,
    parentId: raw.parentId,
    type: raw.type,
    name: raw.name,
    identifier: raw.identifier,
    order: raw.order,
    state: enumText(TimelineRecordState, raw.state),
    result: enumText(TaskResult, raw.result),
    task: raw.task ? { id: raw.task.id, name: raw.task.name, version: raw.task.version } : undefined,
    log: raw.log ? { id: raw.log.id, url: raw.log.url } : undefined,
    errorCount: raw.errorCount,
    warningCount: raw.warningCount,
    startTime: optionalDate(raw.startTime),
    finishTime: optionalDate(raw.finishTime),
  };
}

function parseJsonMap(value: string | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
