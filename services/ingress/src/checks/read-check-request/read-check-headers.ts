import type { IncomingHttpHeaders } from 'node:http';
import { callbackHeaders, hubNames, optionalCheckHeaders, type CallbackHeaderName } from '@switchyard/gates';
import { refuseHeaderProblems } from './refuse-header-problems';
import { unexpandedHeaderIssue } from './unexpanded-header-issue';

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

/**
 * Each header's lines as received (lower-case names), from `request.raw.headersDistinct`: Node's
 * `headers` joins a repeated custom header with ", ", which would hide the repeat.
 */
export type CheckHeaderLines = Readonly<Record<string, readonly string[] | undefined>>;

/** The lines of a request's headers; falls back to `headers` (a repeat there is an array) where `headersDistinct` is absent. */
export function checkHeaderLines(raw: { headers: IncomingHttpHeaders; headersDistinct?: NodeJS.Dict<string[]> }): CheckHeaderLines {
  if (raw.headersDistinct) return raw.headersDistinct;
  return Object.fromEntries(
    Object.entries(raw.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value : [value]]])),
  );
}

/** One header's value, undefined when absent or empty, or the lines when it was sent more than once (a repeat counts as invalid). */
function single(headers: CheckHeaderLines, name: string): string | undefined | readonly string[] {
  const lines = headers[name.toLowerCase()];
  if (lines === undefined || lines.length === 0) return undefined;
  if (lines.length > 1) return lines;
  const value = lines[0].trim();
  return value === '' ? undefined : value;
}

const sentTwice = (name: string, lines: readonly string[]) =>
  `${name} was sent ${lines.length === 2 ? 'twice' : `${lines.length} times`}: keep a single ${name} entry in the check's Headers`;

const tooLong = (name: string, value: string, max: number) => `${name} is too long: ${value.length} characters, at most ${max}`;

/**
 * Values of the headers a policy needs (lower-case names), the names of those missing, and what is wrong
 * with the others (sent twice, too long, an unexpanded `$(…)` reference); values are never quoted.
 */
export function readPolicyHeaders(
  headers: CheckHeaderLines,
  names: readonly string[],
): { values: Record<string, string>; missing: string[]; issues: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const issues: string[] = [];
  for (const name of names) {
    const value = single(headers, name);
    if (value === undefined) missing.push(name);
    else if (typeof value !== 'string') issues.push(sentTwice(name, value));
    else if (value.length > MAX_VALUE) issues.push(tooLong(name, value, MAX_VALUE));
    else if (UNEXPANDED.test(value)) issues.push(unexpandedHeaderIssue(name, value));
    else values[name.toLowerCase()] = value;
  }
  return { values, missing, issues };
}

/** Reads and checks the callback headers; 400 listing every header that is missing or malformed. */
export function readCheckHeaders(headers: CheckHeaderLines, policyHeaders: readonly string[]): CheckCallHeaders {
  const required = Object.keys(callbackHeaders) as CallbackHeaderName[];
  const value = (name: string) => single(headers, name);
  const missing = required.filter((name) => value(name) === undefined);
  // Header names are case-insensitive: a policy header spelled `authtoken` is still the AuthToken.
  const callbackNames = new Set(required.map((name) => name.toLowerCase()));
  const policy = readPolicyHeaders(headers, policyHeaders.filter((name) => !callbackNames.has(name.toLowerCase())));
  missing.push(...(policy.missing as CallbackHeaderName[]));
  const issues: string[] = [];
  // Headers missing or already reported (repeated, too long, unexpanded) are not checked for their form as well.
  const reported = new Set<CallbackHeaderName>(required);
  for (const name of required) {
    const raw = value(name);
    if (raw === undefined) continue;
    const max = name === 'AuthToken' ? MAX_TOKEN : MAX_VALUE;
    if (typeof raw !== 'string') issues.push(sentTwice(name, raw));
    else if (raw.length > max) issues.push(tooLong(name, raw, max));
    else if (UNEXPANDED.test(raw)) issues.push(unexpandedHeaderIssue(name, raw));
    else reported.delete(name);
  }
  for (const name of guidHeaders) {
    const raw = value(name);
    if (typeof raw === 'string' && !reported.has(name) && !GUID.test(raw)) issues.push(`${name} must be a GUID, got ${shownValue(raw)}`);
  }
  const hubName = value('HubName');
  if (typeof hubName === 'string' && !reported.has('HubName') && !hubNames.includes(hubName.toLowerCase() as (typeof hubNames)[number])) {
    issues.push(`HubName must be one of ${hubNames.join(', ')}, got ${shownValue(hubName)}`);
  }
  const planUrl = normalizePlanUrl(value('PlanUrl'));
  if (planUrl === undefined && !reported.has('PlanUrl')) issues.push('PlanUrl must be an absolute http(s) URL such as https://dev.azure.com/fabrikam/');
  issues.push(...policy.issues);
  // Optional headers the policy does not need: a repeat is an error (which value is meant?); a value too
  // long or unexpanded is only left out, as the policy does not read it.
  const optional = optionalCheckHeaders.filter((name) => !policyHeaders.some((needed) => needed.toLowerCase() === name.toLowerCase()));
  for (const name of optional) {
    const raw = value(name);
    if (raw !== undefined && typeof raw !== 'string') issues.push(sentTwice(name, raw));
  }
  // A malformed BuildId fails only a policy that reads it; for any other it is left out, like an
  // unexpanded $(build.BuildId) in a release gate without a build artifact.
  const rawBuildId = value('BuildId');
  const buildId = typeof rawBuildId === 'string' && /^\d{1,12}$/.test(rawBuildId) ? rawBuildId : undefined;
  const readsBuildId = policyHeaders.some((needed) => needed.toLowerCase() === 'buildid');
  if (readsBuildId && typeof rawBuildId === 'string' && buildId === undefined && !issues.some((issue) => issue.startsWith('BuildId '))) {
    issues.push('BuildId must be a build number such as 1234');
  }
  refuseHeaderProblems(missing, issues, `The check call lacks header(s) ${missing.join(', ')}`);
  const { buildid: _malformedOrValid, ...optionalValues } = readPolicyHeaders(headers, optionalCheckHeaders).values;
  const extra = { ...optionalValues, ...(buildId !== undefined && { buildid: buildId }), ...policy.values };
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
export function shownValue(raw: string): string {
  return isShown(raw) ? `"${raw}"` : `a value of ${raw.length} characters`;
}

/** Whether a header value may be quoted back: short and plain. */
export function isShown(raw: string): boolean {
  return /^[\w.-]{1,40}$/.test(raw);
}

function normalizePlanUrl(raw: string | readonly string[] | undefined): string | undefined {
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
