import type { BuildRecord, DefinitionRecord, ProjectRecord } from '../org-state.types';

export function projectJson(orgUrl: string, project: ProjectRecord) {
  return { id: project.id, name: project.name, url: `${orgUrl}_apis/projects/${project.id}`, state: 'wellFormed', revision: 1, visibility: 'private' };
}

export function definitionJson(orgUrl: string, definition: DefinitionRecord) {
  return {
    id: definition.id,
    name: definition.name,
    path: definition.path,
    type: 'build',
    quality: 'definition',
    queueStatus: 'enabled',
    revision: definition.revision,
    uri: `vstfs:///Build/Definition/${definition.id}`,
    url: `${orgUrl}${definition.project.id}/_apis/build/Definitions/${definition.id}?revision=${definition.revision}`,
    project: projectJson(orgUrl, definition.project),
    authoredBy: IDENTITY,
    queue: { id: 1, name: 'Azure Pipelines', pool: { id: 1, name: 'Azure Pipelines', isHosted: true } },
  };
}

const IDENTITY = { displayName: 'switchyard', uniqueName: 'switchyard@example.com', id: '00000000-0000-0000-0000-00000000a001' };

export function buildJson(orgUrl: string, build: BuildRecord, definition: DefinitionRecord | undefined) {
  const self = `${orgUrl}${build.project.id}/_apis/build/Builds/${build.id}`;
  return {
    _links: {
      self: { href: self },
      web: { href: `${orgUrl}${encodeURIComponent(build.project.name)}/_build/results?buildId=${build.id}` },
      timeline: { href: `${self}/Timeline` },
    },
    id: build.id,
    buildNumber: build.buildNumber,
    status: build.status,
    ...(build.result ? { result: build.result } : {}),
    queueTime: build.queueTime,
    ...(build.startTime ? { startTime: build.startTime } : {}),
    ...(build.finishTime ? { finishTime: build.finishTime } : {}),
    url: self,
    definition: definition
      ? definitionJson(orgUrl, definition)
      : { id: build.definitionId, name: `definition-${build.definitionId}`, project: projectJson(orgUrl, build.project) },
    project: projectJson(orgUrl, build.project),
    uri: `vstfs:///Build/Build/${build.id}`,
    sourceBranch: build.sourceBranch,
    sourceVersion: build.sourceVersion,
    queue: { id: 1, name: 'Azure Pipelines', pool: { id: 1, name: 'Azure Pipelines', isHosted: true } },
    priority: 'normal',
    reason: build.reason,
    requestedFor: IDENTITY,
    requestedBy: IDENTITY,
    lastChangedBy: IDENTITY,
    lastChangedDate: build.finishTime ?? build.startTime ?? build.queueTime,
    orchestrationPlan: { planId: build.planId },
    logs: { id: 0, type: 'Container', url: `${self}/logs` },
    ...(build.parameters !== undefined ? { parameters: build.parameters } : {}),
    ...(build.templateParameters ? { templateParameters: build.templateParameters } : {}),
    tags: build.tags,
    repository: { id: build.project.id, type: 'TfsGit', clean: null, checkoutSubmodules: false },
    keepForever: false,
    retainedByRelease: false,
  };
}
