import type { IncomingHttpHeaders } from 'node:http';
import type { OrgState } from './org-state';

export interface RouteContext {
  method: string;
  /** Lower-cased path segments after `_apis/`, URI-decoded. */
  api: string[];
  /** The same segments with their original case. */
  apiRaw: string[];
  /** First segment between the organization and `_apis`, when present (project or scope id). */
  scope?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  org: OrgState;
  /** Base URL of this organization on the test server, with a trailing slash. */
  orgUrl: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => RouteResult | undefined;

export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

export function list(values: readonly unknown[]): RouteResult {
  return ok({ count: values.length, value: values });
}

/** Azure DevOps error body shape: consumers read `.message` (and `customProperties`, where the service fills it). */
export function fail(status: number, message: string, typeKey = 'TestServerException', customProperties?: Record<string, unknown>): RouteResult {
  return {
    status,
    body: { $id: '1', ...(customProperties && { customProperties }), innerException: null, message, typeName: `Microsoft.TeamFoundation.${typeKey}`, typeKey, errorCode: 0, eventId: 3000 },
  };
}

export function jsonBody<T>(context: RouteContext): T | undefined {
  const text = context.body.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function projectOf(context: RouteContext) {
  return context.scope ? context.org.findProject(context.scope) : undefined;
}

export function projectMissing(context: RouteContext): RouteResult {
  return fail(404, `TF200016: The following project does not exist: ${context.scope ?? '(none)'}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`, 'ProjectDoesNotExistWithNameException');
}
