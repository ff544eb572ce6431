import type { IncomingHttpHeaders } from 'node:http';
import { callbackHeaders, hubNames, optionalCheckHeaders, type CallbackHeaderName } from '@switchyard/gates';
import { ProblemError } from '../../problem/problem.error';
import { missingHeaderIssue } from './missing-header-issue';

/** The callback-mode headers of a check call, validated. `authToken` is a live secret: seal it, never log it. */
export interface CheckCallHeaders {
  planUrl: string;
  projectId: string;
  hubName: string;
  planId: string;
  jobId: string;
  timelineId: string;
  taskInstanceId: string;
  authToken: string;
  buildId?: string;
  /** Non-secret headers kept for the policy (lower-case names). */
  extra: Record<string, string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guidHeaders: CallbackHeaderName[] = ['ProjectId', 'PlanId', 'JobId', 'TimelineId', 'TaskInstanceId'];
const MAX_VALUE = 2048;
const MAX_TOKEN = 16 * 1024;
// Azure Pipelines sends `$(name)` as written when it cannot resolve the variable (misspelled, not available).
const UNEXPANDED = /\$\([^)]*\)/;

/** One header's value, or undefined when absent, empty or repeated (a repeated header counts as invalid). */
function single(headers: IncomingHttpHeaders, name: string): string | undefined | string[] {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) return value;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Values of the headers a policy needs (lower-case names), and the names of those missing. */
export function readPolicyHeaders(headers: IncomingHttpHeaders, names: readonly string[]): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const value = single(headers, name);
    if (typeof value === 'string' && value.length <= MAX_VALUE) values[name.toLowerCase()] = value;
    else missing.push(name);
  }
  return { values, missing };
}

/** Reads and checks the callback headers; 400 listing every header that is missing or malformed. */
export function readCheckHeaders(headers: IncomingHttpHeaders, policyHeaders: readonly string[]): CheckCallHeaders {
  const required = Object.keys(callbackHeaders) as CallbackHeaderName[];
  const value = (name: string) => single(headers, name);
  const missing = required.filter((name) => value(name) === undefined);
  // Header names are case-insensitive: a policy header spelled `authtoken` is still the AuthToken.
  const callbackNames = new Set(required.map((name) => name.toLowerCase()));
  const policy = readPolicyHeaders(headers, policyHeaders.filter((name) => !callbackNames.has(name.toLowerCase())));
  missing.push(...(policy.missing as CallbackHeaderName[]));
  if (missing.length > 0) {
    throw new ProblemError(
      400,
      'CHECK_HEADERS_MISSING',
      'Bad Request',
      `The check call lacks header(s) ${missing.join(', ')}; add them to the check's Headers (see docs/gate-evaluator.md).`,
      { issues: missing.map(missingHeaderIssue) },
    );
  }
  const issues: string[] = [];
  const unexpanded = new Set<CallbackHeaderName>();
  for (const name of required) {
    const raw = value(name);
    if (typeof raw !== 'string') issues.push(`${name} was sent more than once`);
    else if (raw.length > (name === 'AuthToken' ? MAX_TOKEN : MAX_VALUE)) issues.push(`${name} is too long`);
    else if (UNEXPANDED.test(raw)) {
      // Never quoted: for AuthToken the value sits where the job's token belongs.
      unexpanded.add(name);
      const documented = raw.replace(/^bearer\s+/i, '').trim().toLowerCase() === callbackHeaders[name].toLowerCase();
      issues.push(
        `${name} was not expanded: Azure Pipelines sent a $(…) variable reference instead of the job's ${name === 'AuthToken' ? 'token' : 'value'}; ` +
          (documented
            ? `the reference is the right one, so the variable is not available where this check is evaluated: set ${name} in the Headers of an Invoke REST API check (not in its body or URL)`
            : `write ${name}=${callbackHeaders[name]} in the check's Headers, spelled exactly so`),
      );
    }
  }
  for (const name of guidHeaders) {
    const raw = value(name);
    if (typeof raw === 'string' && !unexpanded.has(name) && !GUID.test(raw)) issues.push(`${name} must be a GUID, got ${shownValue(raw)}`);
  }
  const hubName = value('HubName');
  if (typeof hubName === 'string' && !unexpanded.has('HubName') && !hubNames.includes(hubName.toLowerCase() as (typeof hubNames)[number])) {
    issues.push(`HubName must be one of ${hubNames.join(', ')}, got ${shownValue(hubName)}`);
  }
  const planUrl = normalizePlanUrl(value('PlanUrl'));
  if (planUrl === undefined && !unexpanded.has('PlanUrl')) issues.push('PlanUrl must be an absolute http(s) URL such as https://dev.azure.com/fabrikam/');
  const buildId = value('BuildId');
  if (buildId !== undefined && (typeof buildId !== 'string' || !/^\d{1,12}$/.test(buildId))) issues.push('BuildId must be a build number such as 1234');
  if (issues.length > 0) {
    throw new ProblemError(400, 'CHECK_HEADERS_INVALID', 'Bad Request', `The check call has malformed header(s); see issues.`, { issues });
  }
  const extra = { ...readPolicyHeaders(headers, optionalCheckHeaders).values, ...policy.values };
  return {
    planUrl: planUrl as string,
    projectId: value('ProjectId') as string,
    hubName: hubName as string,
    planId: value('PlanId') as string,
    jobId: value('JobId') as string,
    timelineId: value('TimelineId') as string,
    taskInstanceId: value('TaskInstanceId') as string,
    // The token alone: the evaluator sends it as a Bearer credential itself.
    authToken: (value('AuthToken') as string).replace(/^bearer\s+/i, ''),
    ...(typeof buildId === 'string' && { buildId }),
    extra,
  };
}

/**
 * A malformed header value as quoted back (the answer shows in the check's log): only when short and
 * plain, since the job's token pasted into the wrong header must not be echoed.
 */
function shownValue(raw: string): string {
  return /^[\w.-]{1,40}$/.test(raw) ? `"${raw}"` : `a value of ${raw.length} characters`;
}

function normalizePlanUrl(raw: string | string[] | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) return undefined;
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return undefined;
  }
}
