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

export function hasApiVersion(url: URL, headers: IncomingHttpHeaders): boolean {
  return url.searchParams.has('api-version') || /api-version=/i.test(String(headers.accept ?? ''));
}

export function faultResult(fault: FaultSpec): RouteResult {
  const status = fault.status as number;
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
  if (fault.rawBody !== undefined) return { status, body: fault.rawBody, headers };
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
