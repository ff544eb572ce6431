import type { PlanRecord } from '../org-state.types';
import { type RouteContext, type RouteResult, fail, jsonBody, list, ok } from '../route-context';

/** `{scopeIdentifier}/_apis/distributedtask/hubs/{hub}/plans/{planId}/…` */
export function taskRoute(context: RouteContext): RouteResult | undefined {
  const [area, hubs, , plans, , resource, resourceId, sub] = context.api;
  if (area !== 'distributedtask' || hubs !== 'hubs' || plans !== 'plans' || !context.scope) return undefined;
  const plan = context.org.planOfRequest(context.scope, context.apiRaw[2], context.apiRaw[4]);
  if (!plan) {
    // A wrong project, hub or plan id: what a client that builds the plan URL wrongly gets in production.
    return fail(404, `Orchestration plan with identifier ${context.apiRaw[4]} not found in hub ${context.apiRaw[2]} of scope ${context.scope}.`, 'TaskOrchestrationPlanNotFoundException');
  }
  const { method } = context;
  if (!resource && method === 'GET') return ok({ planId: plan.planId, version: plan.version, planType: plan.hubName, scopeIdentifier: plan.scopeIdentifier });
  if (resource === 'logs' && method === 'POST') return resourceId ? appendLog(context, plan, Number(resourceId)) : createLog(context, plan);
  if (resource === 'timelines' && sub === 'records') {
    if (method === 'PATCH') return updateRecords(context, plan, context.apiRaw[6]);
    if (method === 'GET') return list([...(plan.timelines.get(resourceId.toLowerCase())?.values() ?? [])]);
  }
  if (resource === 'events' && method === 'POST') return postEvent(context, plan);
  return undefined;
}

function createLog(context: RouteContext, plan: PlanRecord): RouteResult {
  const body = jsonBody<{ path?: unknown }>(context);
  if (!body || typeof body.path !== 'string' || !body.path) {
    return fail(400, 'Value cannot be null.\r\nParameter name: log.Path', 'ArgumentNullException');
  }
  const now = new Date().toISOString();
  const log = { id: plan.logs.length + 1, path: body.path, createdOn: now, lastChangedOn: now, content: '', lineCount: 0 };
  plan.logs.push(log);
  return ok(logJson(log));
}

function appendLog(context: RouteContext, plan: PlanRecord, logId: number): RouteResult {
  const log = plan.logs.find((entry) => entry.id === logId);
  if (!log) return fail(404, `Log ${logId} was not found in plan ${plan.planId}.`, 'TaskLogNotFoundException');
  const text = context.body.toString('utf8');
  log.content += text;
  log.lineCount = log.content.split('\n').filter((line) => line.length > 0).length;
  log.lastChangedOn = new Date().toISOString();
  return ok(logJson(log));
}

function updateRecords(context: RouteContext, plan: PlanRecord, timelineId: string): RouteResult {
  const body = jsonBody<{ value?: unknown }>(context);
  const records = body?.value;
  if (!Array.isArray(records) || records.some((record) => typeof record?.id !== 'string')) {
    return fail(400, 'The request body must be {"count":n,"value":[timeline records with an id]}.', 'InvalidArgumentValueException');
  }
  const timeline = plan.timelines.get(timelineId.toLowerCase()) ?? new Map<string, Record<string, unknown>>();
  plan.timelines.set(timelineId.toLowerCase(), timeline);
  const updated = records.map((record: Record<string, unknown>) => {
    const key = String(record.id).toLowerCase();
    const changes = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
    const merged = { ...(timeline.get(key) ?? {}), ...changes, changeId: ((timeline.get(key)?.changeId as number) ?? 0) + 1 };
    timeline.set(key, merged);
    return merged;
  });
  return list(updated);
}

function postEvent(context: RouteContext, plan: PlanRecord): RouteResult {
  const body = jsonBody<Record<string, unknown>>(context);
  const missing = ['name', 'taskId', 'jobId'].filter((field) => typeof body?.[field] !== 'string' || !body[field]);
  if (!body || missing.length) return fail(400, `Invalid event: missing ${missing.join(', ') || 'body'}.`, 'ArgumentException');
  if (body.name === 'TaskCompleted' && !['succeeded', 'failed', 'canceled', 'skipped', 'abandoned', 'succeededWithIssues'].includes(String(body.result))) {
    return fail(400, `Invalid TaskCompleted result "${String(body.result)}".`, 'ArgumentException');
  }
  plan.events.push(body as PlanRecord['events'][number]);
  if (body.name === 'TaskCompleted') completeRecord(plan, String(body.taskId), String(body.jobId), String(body.result));
  return { status: 204 };
}

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * A server task's timeline record is the task instance (the empty task id of legacy Gates plans
 * names it by job id); TaskCompleted completes it, in whichever of the plan's timelines holds it.
 */
function completeRecord(plan: PlanRecord, taskId: string, jobId: string, result: string): void {
  const key = (taskId === EMPTY_GUID ? jobId : taskId).toLowerCase();
  for (const timeline of plan.timelines.values()) {
    const record = timeline.get(key);
    if (!record) continue;
    const changeId = ((record.changeId as number) ?? 0) + 1;
    timeline.set(key, { ...record, state: 'completed', result, finishTime: new Date().toISOString(), percentComplete: 100, changeId });
  }
}

function logJson(log: PlanRecord['logs'][number]) {
  return {
    path: log.path,
    lineCount: log.lineCount,
    createdOn: log.createdOn,
    lastChangedOn: log.lastChangedOn,
    id: log.id,
    // As the CreateLog and AppendLogContent examples show it: a client must not count on a log URL.
    location: null,
  };
}
