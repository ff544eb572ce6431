import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSpec } from './faults';
import { type RouteResult, fail } from './route-context';

export function tokenOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() !== 'basic' || !value) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

/** The newest REST API version the test server speaks, and the newest one out of preview (as dev.azure.com today). */
const LATEST_VERSION = 7.2;
const RELEASED_VERSION = 7.1;

/**
 * The service's answer to a missing, malformed, too new or unflagged preview api-version (query or
 * Accept header); undefined when the version is acceptable.
 */
export function apiVersionProblem(method: string, url: URL, headers: IncomingHttpHeaders): RouteResult | undefined {
  const raw = url.searchParams.get('api-version') ?? /api-version=([^;,\s]*)/i.exec(String(headers.accept ?? ''))?.[1];
  if (raw === undefined || raw === null) {
    return fail(400, `No api-version was supplied for the ${method} request. Please provide the api-version parameter, for example api-version=7.1.`, 'VssVersionNotSpecifiedException');
  }
  const parsed = /^(\d+\.\d+)(-preview(?:\.\d+)?)?$/i.exec(raw.trim());
  if (!parsed) return fail(400, `The api-version '${raw}' is not valid. Use {major}.{minor}, optionally followed by -preview or -preview.{n}, for example 7.1.`, 'VssInvalidApiVersionException');
  const version = Number(parsed[1]);
  if (version > LATEST_VERSION) {
    return fail(400, `The requested REST API version of ${parsed[1]} is out of range for this server. The latest REST API version this server supports is ${LATEST_VERSION}.`, 'VssVersionOutOfRangeException');
  }
  if (version > RELEASED_VERSION && !parsed[2]) {
    return fail(400, `The requested version "${parsed[1]}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${parsed[1]}-preview"`, 'VssInvalidPreviewVersionException');
  }
  return undefined;
}

/**
 * dev.azure.com refuses missing or bad credentials with 401 only when the caller asks it to with
 * `X-TFS-FedAuthRedirect: Suppress`; otherwise it answers 203 with its HTML sign-in page, which a
 * client that trusts any 2xx would take for data.
 */
export function rejectedCredentials(headers: IncomingHttpHeaders): RouteResult {
  if (String(headers['x-tfs-fedauthredirect'] ?? '').toLowerCase() !== 'suppress') {
    return { status: 203, body: SIGN_IN_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } };
  }
  return {
    status: 401,
    body: 'Access Denied: The Personal Access Token used has expired.',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="https://dev.azure.com/", TFS-Federated' },
  };
}

const SIGN_IN_PAGE = '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form id="signin" action="https://app.vssps.visualstudio.com/_signin"></form></body></html>';

export function faultResult(fault: FaultSpec): RouteResult {
  const status = fault.status as number;
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
  if (fault.rawBody !== undefined) return { status, body: fault.rawBody, headers: { ...headers, ...(fault.contentType !== undefined && { 'content-type': fault.contentType }) } };
  return { ...fail(status, fault.message ?? `Injected ${status} from the Azure DevOps test server.`), headers };
}

export interface EncodedAnswer {
  status: number;
  headers: Record<string, string>;
  /** Undefined when the answer has no body (204, or none given). */
  body?: Buffer;
}

export function encodeAnswer(result: RouteResult): EncodedAnswer {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined || result.status === 204) return { status: result.status, headers };
  const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { status: result.status, headers, body: Buffer.from(text, 'utf8') };
}

export function send(response: ServerResponse, result: RouteResult): void {
  const answer = encodeAnswer(result);
  response.writeHead(answer.status, answer.headers).end(answer.body);
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function tryJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
