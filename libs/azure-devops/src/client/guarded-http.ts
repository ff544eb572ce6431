import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { IHttpClientResponse, IRequestInfo } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { OrgAllowList } from './allow-list';
import { type RetryPolicy, backoffDelay } from './retry-policy';
import { AzureDevOpsError } from '../errors/azure-devops-error';
import { isRepeatable } from './resend-safety';
import { type AttemptRequest, type RequestBody, attemptOnce } from './send-attempt';

/** The one method of typed-rest-client's HttpClient that every request and redirect hop goes through. */
export interface RawHttpClient {
  requestRaw(info: IRequestInfo, data: RequestBody): Promise<IHttpClientResponse>;
}

export interface GuardContext {
  readonly allowList: OrgAllowList;
  /** The allow-list entry every hop of this client must stay under (see OrgAllowList.entryFor). */
  readonly scope?: string;
  readonly retry: RetryPolicy;
  /** Deadline for one whole attempt, body included; the request is aborted when it passes. None when omitted. */
  readonly attemptTimeoutMs?: number;
  /** Values that must never appear in an error: the token of this connection. */
  readonly secrets: readonly string[];
  readonly sleep?: (ms: number) => Promise<void>;
}

const GUARDED = Symbol.for('switchyard.azure-devops.guarded');

/**
 * Replaces `requestRaw` on one HttpClient instance so that each hop (including OPTIONS location
 * discovery, ResourceAreas and redirects) is checked against the allow-list before a socket is
 * opened, bounded by the attempt deadline (body included), retried with back-off where that cannot
 * duplicate a write (see resend-safety.ts), and turned into an AzureDevOpsError when it finally fails.
 * Each attempt is a CLIENT span that sends its `traceparent`.
 */
export function guardHttpClient(client: RawHttpClient, context: GuardContext): void {
  const marked = client as RawHttpClient & { [GUARDED]?: true };
  if (marked[GUARDED]) return;
  const send = client.requestRaw.bind(client);
  client.requestRaw = (info, data) => sendGuarded(send, info, data, context);
  marked[GUARDED] = true;
}

async function sendGuarded(
  send: RawHttpClient['requestRaw'],
  info: IRequestInfo,
  data: RequestBody,
  context: GuardContext,
): Promise<IHttpClientResponse> {
  const method = (info.options.method ?? 'GET').toUpperCase();
  context.allowList.assertAllowed(info.parsedUrl, method, context.scope);
  context.allowList.assertAllowed(destinationOf(info), method, context.scope);
  const request: AttemptRequest = { send, info, body: await replayable(data), method, repeatable: isRepeatable(method, info.parsedUrl) };
  const started = Date.now();
  const sleep = context.sleep ?? delay;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(request, attempt, context);
    if ('response' in outcome) return outcome.response;
    const { failure, resendable } = outcome;
    if (!failure.retryable) throw failure;
    if (!resendable) throw notResent(failure, method);
    if (attempt >= context.retry.maxAttempts) throw failure;
    const wait = failure.details.retryAfterMs ?? backoffDelay(context.retry, attempt);
    if (Date.now() - started + wait > context.retry.maxElapsedMs) throw failure;
    await sleep(wait);
  }
}

/**
 * The retryable failure of a write that must not be sent twice, once it may have reached Azure DevOps.
 * The failure itself stays its `cause`, for callers that check the effect themselves and need no advice.
 */
function notResent(failure: AzureDevOpsError, method: string): AzureDevOpsError {
  return new AzureDevOpsError(
    failure.code,
    `${failure.message} The ${method} was not sent again: Azure DevOps may have processed it. Check its effect (e.g. the check's timeline record, builds by tag) before sending it again.`,
    { ...failure.details, outcomeUnknown: true },
    { cause: failure },
  );
}

/**
 * The URL the socket will really be opened to, rebuilt from what http.request receives. The module is
 * recognised by its `request` function: comparing module objects fails once a CommonJS build wraps
 * `import * as https` in an interop object, and every https organization would then be refused.
 */
function destinationOf(info: IRequestInfo): URL {
  const protocol = (info.httpModule as { request?: unknown }).request === httpsRequest ? 'https:' : 'http:';
  const rawHost = String(info.options.host ?? info.options.hostname ?? '');
  const host = rawHost.includes(':') && !rawHost.startsWith('[') ? `[${rawHost}]` : rawHost;
  const port = info.options.port ? `:${info.options.port}` : '';
  return new URL(`${protocol}//${host}${port}${info.options.path ?? '/'}`);
}

/** Streams can be sent once; buffer them so a retry sends the same bytes. */
async function replayable(data: RequestBody): Promise<() => RequestBody> {
  if (data === null || data === undefined || typeof data === 'string') return () => data;
  const chunks: Buffer[] = [];
  for await (const chunk of data as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  const bytes = Buffer.concat(chunks);
  return () => Readable.from([bytes]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
