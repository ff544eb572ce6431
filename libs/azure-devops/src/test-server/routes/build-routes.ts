import { BuildReason } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import type { BuildRecord } from '../org-state.types';
import { type RouteContext, type RouteResult, fail, jsonBody, list, ok, projectMissing, projectOf } from '../route-context';
import { buildJson, definitionJson } from './build-json';

const BUILD_WORK_ITEMS_DEFAULT_TOP = 50;

const STATUS_FLAGS: Record<string, string[]> = {
  '1': ['inProgress'],
  '2': ['completed'],
  '4': ['cancelling'],
  '8': ['postponed'],
  '32': ['notStarted'],
  '47': ['inProgress', 'completed', 'cancelling', 'postponed', 'notStarted'],
};

/** `{project}/_apis/build/...` */
export function buildRoute(context: RouteContext): RouteResult | undefined {
  if (context.api[0] !== 'build') return undefined;
  const project = projectOf(context);
  if (!project) return projectMissing(context);
  const [, resource, idText, sub] = context.api;
  const { method } = context;
  if (resource === 'definitions' && method === 'GET') return idText ? getDefinition(context, Number(idText)) : listDefinitions(context, project.id);
  if (resource !== 'builds') return undefined;
  if (!idText) {
    if (method === 'POST') return queue(context, project.id);
    if (method === 'GET') return listBuilds(context, project.id);
    return undefined;
  }
  const build = context.org.builds.get(Number(idText));
  if (!build || build.project.id !== project.id) {
    return fail(404, `The requested build ${idText} could not be found.`, 'BuildNotFoundException');
  }
  if (!sub && method === 'GET') return ok(toJson(context, build));
  if (sub === 'tags' && method === 'POST') return addTags(context, build);
  if (sub === 'tags' && method === 'GET') return list(build.tags);
  if (sub === 'timeline' && method === 'GET') return timeline(context, build);
  if (sub === 'workitems') return workItems(context, build);
  return undefined;
}

function listDefinitions(context: RouteContext, projectId: string): RouteResult {
  const name = context.query.get('name');
  const pattern = name ? wildcard(name) : undefined;
  const found = [...context.org.definitions.values()].filter(
    (definition) => definition.project.id === projectId && (!pattern || pattern.test(definition.name)),
  );
  return list(found.map((definition) => definitionJson(context.orgUrl, definition)));
}

function getDefinition(context: RouteContext, id: number): RouteResult {
  const definition = context.org.definitions.get(id);
  if (!definition) return fail(404, `The pipeline definition with ID ${id} could not be found.`, 'DefinitionNotFoundException');
  return ok(definitionJson(context.orgUrl, definition));
}

interface QueueBody {
  definition?: { id?: number };
  sourceBranch?: string;
  sourceVersion?: string;
  parameters?: string;
  templateParameters?: Record<string, string>;
  reason?: string | number;
}

function queue(context: RouteContext, projectId: string): RouteResult {
  const body = jsonBody<QueueBody>(context);
  const definitionId = Number(context.query.get('definitionId') ?? body?.definition?.id);
  if (!body || !Number.isInteger(definitionId)) {
    return fail(400, 'Value cannot be null.\r\nParameter name: build.Definition', 'ArgumentNullException');
  }
  const definition = context.org.definitions.get(definitionId);
  if (!definition || definition.project.id !== projectId) {
    return fail(404, `The pipeline definition with ID ${definitionId} could not be found.`, 'DefinitionNotFoundException');
  }
  if (body.parameters !== undefined && !isJsonObjectText(body.parameters)) {
    return fail(400, 'The parameters value must be a JSON object serialized as a string.', 'InvalidBuildParametersException');
  }
  // The service's message is generic; what to fix is only in customProperties.ValidationResults.
  const missing = definition.requiredTemplateParameters.filter((name) => body.templateParameters?.[name] === undefined);
  const warnings = context.query.get('ignoreWarnings')?.toLowerCase() === 'true' ? [] : definition.queueWarnings;
  if (missing.length > 0 || warnings.length > 0) {
    const ValidationResults = [
      ...missing.map((name) => ({ result: 'error', message: `A value for the '${name}' parameter must be provided.` })),
      ...warnings.map((message) => ({ result: 'warning', message })),
    ];
    return fail(400, 'Could not queue the build because there were validation errors or warnings.', 'BuildRequestValidationFailedException', { ValidationResults });
  }
  const build = context.org.addBuild({
    project: projectId,
    definitionId,
    sourceBranch: body.sourceBranch,
    sourceVersion: body.sourceVersion,
    parameters: body.parameters,
    templateParameters: body.templateParameters,
    // Azure DevOps ignores `tags` in a queue request: tags are added with POST …/builds/{id}/tags.
    reason: reasonName(body.reason),
  });
  return ok(toJson(context, build));
}

function listBuilds(context: RouteContext, projectId: string): RouteResult {
  const tags = splitList(context.query.get('tagFilters'));
  const definitions = splitList(context.query.get('definitions')).map(Number);
  const statuses = splitList(context.query.get('statusFilter')).flatMap((value) => STATUS_FLAGS[value] ?? [value]);
  const branch = context.query.get('branchName');
  const top = Number(context.query.get('$top') ?? 0);
  const order = queryOrderOf(context.query.get('queryOrder'));
  if (order === 'invalid') return fail(400, `The value '${context.query.get('queryOrder') ?? ''}' is not a valid BuildQueryOrder.`, 'InvalidArgumentValueException');
  const minTime = timeOf(context.query.get('minTime'));
  const maxTime = timeOf(context.query.get('maxTime'));
  if (Number.isNaN(minTime) || Number.isNaN(maxTime)) return fail(400, 'minTime and maxTime must be dates.', 'InvalidArgumentValueException');
  // As Azure DevOps: minTime and maxTime apply to the time the query order sorts by. Which time they
  // apply to without a queryOrder is not documented; here the finish time (ask with a queryOrder).
  const field = order?.field ?? 'finishTime';
  const timeOfBuild = (build: BuildRecord) => (build[field] ? Date.parse(build[field]) : undefined);
  const inWindow = (build: BuildRecord) => {
    if (minTime === undefined && maxTime === undefined) return true;
    const time = timeOfBuild(build);
    return time !== undefined && (minTime === undefined || time >= minTime) && (maxTime === undefined || time <= maxTime);
  };
  let builds = [...context.org.builds.values()]
    .filter((build) => build.project.id === projectId)
    .filter((build) => tags.every((tag) => build.tags.some((own) => own.toLowerCase() === tag.toLowerCase())))
    .filter((build) => definitions.length === 0 || definitions.includes(build.definitionId))
    .filter((build) => statuses.length === 0 || statuses.map((s) => s.toLowerCase()).includes(build.status.toLowerCase()))
    .filter((build) => !branch || build.sourceBranch === branch)
    .filter(inWindow)
    .sort((a, b) => b.id - a.id);
  if (order) {
    // Builds without the time sort last, as they have not reached that point yet; equal times keep id order.
    const key = (build: BuildRecord) => timeOfBuild(build) ?? Number.POSITIVE_INFINITY;
    builds = builds.sort((a, b) => (order.ascending ? key(a) - key(b) || a.id - b.id : key(b) - key(a) || b.id - a.id));
  }
  const start = continuationOf(context.query.get('continuationToken'));
  if (start === undefined) return fail(400, `The continuation token '${context.query.get('continuationToken') ?? ''}' is not valid.`, 'InvalidContinuationTokenException');
  const page = builds.slice(start, top > 0 ? start + top : undefined);
  const answer = list(page.map((build) => toJson(context, build)));
  // More builds match than $top let through: the service says where the next page starts.
  const next = start + page.length;
  return next < builds.length ? { ...answer, headers: { 'x-ms-continuationtoken': continuationToken(next) } } : answer;
}

type TimeField = 'queueTime' | 'startTime' | 'finishTime';

/** BuildQueryOrder, sent by azure-devops-node-api as its number, by hand as its name. */
const QUERY_ORDERS: Record<string, { field: TimeField; ascending: boolean }> = {
  '2': { field: 'finishTime', ascending: true },
  '3': { field: 'finishTime', ascending: false },
  '4': { field: 'queueTime', ascending: false },
  '5': { field: 'queueTime', ascending: true },
  '6': { field: 'startTime', ascending: false },
  '7': { field: 'startTime', ascending: true },
  finishtimeascending: { field: 'finishTime', ascending: true },
  finishtimedescending: { field: 'finishTime', ascending: false },
  queuetimedescending: { field: 'queueTime', ascending: false },
  queuetimeascending: { field: 'queueTime', ascending: true },
  starttimedescending: { field: 'startTime', ascending: false },
  starttimeascending: { field: 'startTime', ascending: true },
};

function queryOrderOf(value: string | null): { field: TimeField; ascending: boolean } | 'invalid' | undefined {
  if (!value) return undefined;
  return QUERY_ORDERS[value.trim().toLowerCase()] ?? 'invalid';
}

/** ISO 8601 or the RFC 1123 form azure-devops-node-api writes (Date.toUTCString); NaN when unreadable. */
function timeOf(value: string | null): number | undefined {
  return value ? Date.parse(value) : undefined;
}

/** Opaque to clients, as the service's own tokens are. */
function continuationToken(position: number): string {
  return Buffer.from(`builds:${position}`).toString('base64url');
}

/** The position a token names, 0 without one, undefined for a token this server never gave. */
function continuationOf(token: string | null): number | undefined {
  if (!token) return 0;
  const match = /^builds:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

function addTags(context: RouteContext, build: BuildRecord): RouteResult {
  const tags = jsonBody<unknown>(context);
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    return fail(400, 'The request body must be a JSON array of tag strings.', 'InvalidArgumentValueException');
  }
  for (const tag of tags) if (!build.tags.includes(tag)) build.tags.push(tag);
  return list(build.tags);
}

function timeline(context: RouteContext, build: BuildRecord): RouteResult {
  const url = `${context.orgUrl}${build.project.id}/_apis/build/builds/${build.id}/Timeline`;
  const records = build.timeline.map((record) => {
    const state = record.state ?? 'completed';
    return {
      id: record.id,
      parentId: record.parentId ?? null,
      type: record.type,
      name: record.name,
      startTime: build.startTime ?? build.queueTime,
      finishTime: state === 'completed' ? (build.finishTime ?? build.queueTime) : null,
      currentOperation: null,
      percentComplete: state === 'completed' ? 100 : null,
      state,
      result: record.result ?? (state === 'completed' ? 'succeeded' : null),
      resultCode: null,
      changeId: 1,
      lastModified: build.queueTime,
      workerName: null,
      order: record.order,
      details: null,
      errorCount: 0,
      warningCount: 0,
      url: null,
      log: null,
      task: record.task ?? null,
      attempt: 1,
      identifier: null,
      issues: [],
    };
  });
  return ok({ records, lastChangedBy: '00000000-0000-0000-0000-000000000000', lastChangedOn: new Date().toISOString(), id: build.planId, changeId: 1, url });
}

function workItems(context: RouteContext, build: BuildRecord): RouteResult | undefined {
  let ids: number[];
  if (context.method === 'POST') {
    const commits = jsonBody<unknown>(context);
    if (!Array.isArray(commits)) return fail(400, 'The request body must be a JSON array of commit ids.', 'InvalidArgumentValueException');
    ids = commits.flatMap((commit) => build.workItems.get(String(commit)) ?? []);
  } else if (context.method === 'GET') {
    ids = [...build.workItems.values()].flat();
  } else {
    return undefined;
  }
  // Azure DevOps lists at most $top work items, 50 when the request does not say.
  const top = Number(context.query.get('$top') ?? BUILD_WORK_ITEMS_DEFAULT_TOP);
  const unique = [...new Set(ids)].slice(0, top > 0 ? top : BUILD_WORK_ITEMS_DEFAULT_TOP);
  return list(unique.map((id) => ({ id: String(id), url: `${context.orgUrl}_apis/wit/workItems/${id}` })));
}

function toJson(context: RouteContext, build: BuildRecord) {
  return buildJson(context.orgUrl, build, context.org.definitions.get(build.definitionId));
}

function splitList(value: string | null): string[] {
  return value ? value.split(',').map((part) => part.trim()).filter(Boolean) : [];
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function isJsonObjectText(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

// azure-devops-node-api sends BuildReason as its number. A value that is not a single reason (such as
// Triggered = 1967, a filter combining nine) is recorded as the number, so tests can see it was sent.
function reasonName(reason: unknown): string {
  if (reason === undefined) return 'manual';
  if (typeof reason === 'string') return reason;
  const name = typeof reason === 'number' ? BuildReason[reason] : undefined;
  return name && SINGLE_REASONS.has(reason as number) ? name.charAt(0).toLowerCase() + name.slice(1) : String(reason);
}

const SINGLE_REASONS = new Set(Object.values(BuildReason).filter((value): value is number => typeof value === 'number' && value > 0 && (value & (value - 1)) === 0));
