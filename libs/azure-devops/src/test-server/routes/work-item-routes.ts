import type { WorkItemRecord as Item } from '../org-state.types';
import { type RouteContext, type RouteResult, fail, list, ok, projectMissing, projectOf } from '../route-context';

/** `[{project}/]_apis/wit/workitems[/{id}]` and `{project}/_apis/wit/workitemtypes/{type}/states`. */
export function workItemRoute(context: RouteContext): RouteResult | undefined {
  if (context.api[0] !== 'wit' || context.method !== 'GET') return undefined;
  if (context.scope && !projectOf(context)) return projectMissing(context);
  const [, resource, idText, sub] = context.api;
  if (resource === 'workitems') return idText ? single(context, Number(idText)) : batch(context);
  if (resource === 'workitemtypes' && sub === 'states') return states(context, context.apiRaw[2]);
  return undefined;
}

function single(context: RouteContext, id: number): RouteResult {
  const item = visible(context, id);
  if (!item) return notFound(id);
  return ok(toJson(context, item));
}

function batch(context: RouteContext): RouteResult {
  const ids = (context.query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
  if (ids.length === 0) return fail(400, 'The ids parameter is required: a comma-separated list of work item ids.', 'InvalidArgumentValueException');
  if (ids.length > 200) return fail(400, 'The maximum number of work items per request is 200.', 'VssServiceException');
  const omit = ['omit', '2'].includes((context.query.get('errorPolicy') ?? '').toLowerCase());
  const found = ids.map((id) => visible(context, id));
  const missing = ids.find((_, index) => !found[index]);
  if (missing !== undefined && !omit) return notFound(missing);
  return list(found.map((item) => (item ? toJson(context, item) : null)));
}

function states(context: RouteContext, type: string): RouteResult {
  const known = context.org.statesOf(type);
  if (!known) return fail(404, `VS402323: Work item type ${type} does not exist in project.`, 'WorkItemTypeNotFoundException');
  return list(known);
}

function visible(context: RouteContext, id: number): Item | undefined {
  const item = context.org.workItems.get(id);
  if (!item) return undefined;
  const project = projectOf(context);
  return !project || !item.project || item.project.id === project.id ? item : undefined;
}

function toJson(context: RouteContext, item: Item) {
  const fieldsWanted = (context.query.get('fields') ?? '').split(',').filter(Boolean);
  const expand = (context.query.get('$expand') ?? '').toLowerCase();
  const withRelations = ['relations', 'all', '1', '4'].includes(expand);
  const fields = fieldsWanted.length
    ? Object.fromEntries(Object.entries(item.fields).filter(([name]) => fieldsWanted.some((wanted) => wanted.toLowerCase() === name.toLowerCase())))
    : item.fields;
  return {
    id: item.id,
    rev: item.rev,
    fields,
    ...(withRelations ? { relations: item.relations } : {}),
    _links: { self: { href: `${context.orgUrl}_apis/wit/workItems/${item.id}` } },
    url: `${context.orgUrl}_apis/wit/workItems/${item.id}`,
  };
}

function notFound(id: number): RouteResult {
  return fail(404, `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`, 'WorkItemUnauthorizedAccessException');
}
