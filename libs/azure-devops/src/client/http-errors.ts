import type { IHttpClientResponse } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { AzureDevOpsError, AzureDevOpsErrorCodes, type AzureDevOpsErrorCode } from '../errors/azure-devops-error';
import { redactSecrets } from '../errors/redact';
import { certificateAdvice, findCertificateFailure } from './certificate-failure';
import { RETRYABLE_NETWORK_CODES, RETRYABLE_STATUSES, parseRetryAfter } from './retry-policy';

export interface FailureContext {
  method: string;
  url: string;
  attempts: number;
  secrets: readonly string[];
}

const MAX_SERVER_MESSAGE = 300;

export async function errorFromResponse(response: IHttpClientResponse, context: FailureContext): Promise<AzureDevOpsError> {
  const status = response.message.statusCode ?? 0;
  const retryAfterMs = parseRetryAfter(response.message.headers['retry-after']);
  const serverMessage = extractServerMessage(await safeReadBody(response), context.secrets);
  const [code, advice] = classifyStatus(status);
  const where = `${context.method} ${context.url}`;
  const said = serverMessage ? ` Server said: "${serverMessage}".` : '';
  const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  const wait = retryAfterMs !== undefined ? ` Retry-After: ${Math.ceil(retryAfterMs / 1000)}s.` : '';
  const answered = status ? `answered ${status}` : 'answered without a status';
  return new AzureDevOpsError(code, `Azure DevOps ${answered} to ${where}${tries}.${said} ${advice}${wait}`, {
    status: status || undefined,
    method: context.method,
    url: context.url,
    attempts: context.attempts,
    retryAfterMs,
  });
}

export function errorFromTransport(error: unknown, context: FailureContext): AzureDevOpsError {
  const refused = findCertificateFailure(error);
  if (refused) return errorFromCertificate(refused.code, refused.reason, context);
  const cause = error as { code?: unknown; message?: unknown };
  const errno = typeof cause?.code === 'string' ? cause.code : undefined;
  const text = redactSecrets(String(cause?.message ?? error), context.secrets);
  const timedOut = /timeout/i.test(text) || errno === 'ETIMEDOUT';
  const where = `${context.method} ${context.url}`;
  const tries = context.attempts > 1 ? ` (${context.attempts} attempts)` : '';
  if (timedOut) {
    return new AzureDevOpsError(
      AzureDevOpsErrorCodes.TIMEOUT,
      `${where} timed out${tries}. Azure DevOps may be slow or unreachable; raise AZURE_DEVOPS_TIMEOUT_MS if this persists.`,
      { method: context.method, url: context.url, attempts: context.attempts },
    );
  }
  const known = errno && RETRYABLE_NETWORK_CODES.has(errno) ? errno : 'network error';
  return new AzureDevOpsError(
    AzureDevOpsErrorCodes.UNAVAILABLE,
    `${where} failed${tries}: ${known}: ${text}. Check network access to the organization URL.`,
    { method: context.method, url: context.url, attempts: context.attempts },
  );
}

/**
 * The server's TLS certificate was refused: nothing was sent, and trying again meets the same
 * certificate, so this is permanent and says what to change.
 */
function errorFromCertificate(code: string, reason: string, context: FailureContext): AzureDevOpsError {
  const { host, hostname } = new URL(context.url);
  const why = redactSecrets(reason, context.secrets);
  return new AzureDevOpsError(
    AzureDevOpsErrorCodes.CERTIFICATE_UNTRUSTED,
    `${context.method} ${context.url} was not sent: the TLS certificate of ${host} was refused (${code}: ${why}). ${certificateAdvice(code, hostname)} Retrying does not help, so the request was not tried again.`,
    { method: context.method, url: context.url, attempts: context.attempts },
  );
}

/** Retryable exactly for RETRYABLE_STATUSES (see there); then by meaning. No status at all is an outage. */
function classifyStatus(status: number): [AzureDevOpsErrorCode, string] {
  if (RETRYABLE_STATUSES.has(status)) {
    if (status === 429) return [AzureDevOpsErrorCodes.THROTTLED, 'Azure DevOps is rate-limiting this identity; try again later.'];
    if (status === 408) return [AzureDevOpsErrorCodes.TIMEOUT, 'Azure DevOps gave up waiting for the request; try again.'];
    return [AzureDevOpsErrorCodes.UNAVAILABLE, 'Azure DevOps is failing or unavailable; try again later.'];
  }
  if (!status) return [AzureDevOpsErrorCodes.UNAVAILABLE, 'The answer carried no HTTP status; try again later.'];
  if (status === 401 || status === 203) {
    return [AzureDevOpsErrorCodes.UNAUTHORIZED, 'The token was rejected: check that the PAT / AuthToken is valid, not expired, issued for this organization, and has the scopes the call needs (a missing scope is answered 401 too).'];
  }
  if (status === 403) {
    return [AzureDevOpsErrorCodes.FORBIDDEN, 'The token is valid but lacks permission: grant the needed scope (e.g. Build read & execute, Work Items read) or project access.'];
  }
  if (status === 404) {
    return [AzureDevOpsErrorCodes.NOT_FOUND, 'Check the organization URL, project and ids.'];
  }
  if (status === 409) return [AzureDevOpsErrorCodes.CONFLICT, 'The resource changed or already exists; re-read it before retrying.'];
  if (status >= 500) {
    return [AzureDevOpsErrorCodes.SERVER_ERROR, 'The server cannot serve this request (501: it does not implement it), which retrying does not change; check the organization URL and that the server version supports this API.'];
  }
  return [AzureDevOpsErrorCodes.BAD_REQUEST, 'Fix the request arguments.'];
}

/** A whole attempt (body included) took longer than the per-attempt timeout, and was aborted. */
export function errorFromDeadline(timeoutMs: number, context: FailureContext): AzureDevOpsError {
  const tries = context.attempts > 1 ? ` (${context.attempts} attempts)` : '';
  return new AzureDevOpsError(
    AzureDevOpsErrorCodes.TIMEOUT,
    `${context.method} ${context.url} timed out${tries}: no complete answer within ${timeoutMs} ms. Azure DevOps may be slow or unreachable; raise AZURE_DEVOPS_TIMEOUT_MS if this persists.`,
    { method: context.method, url: context.url, attempts: context.attempts },
  );
}

/** A 2xx answer whose body typed-rest-client could not use: it would have read as an empty result. */
export function errorFromIncompleteAnswer(status: number, problem: string, context: FailureContext): AzureDevOpsError {
  const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  return new AzureDevOpsError(
    AzureDevOpsErrorCodes.INCOMPLETE_RESPONSE,
    `Azure DevOps answered ${status} to ${context.method} ${context.url}${tries}, but the body ${problem}. Something on the way may be cutting answers off; try again.`,
    { status, method: context.method, url: context.url, attempts: context.attempts },
  );
}

async function safeReadBody(response: IHttpClientResponse): Promise<string> {
  try {
    return await response.readBody();
  } catch {
    return '';
  }
}

/**
 * The server's message, with every secret redacted before it is shortened (a token cut in half by the
 * shortening would no longer be recognised) and after JSON is decoded (a token written with \u escapes
 * is only recognisable then).
 */
function extractServerMessage(body: string, secrets: readonly string[]): string {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text) return '';
  try {
    const parsed = JSON.parse(text) as { message?: unknown; customProperties?: { ValidationResults?: unknown } };
    if (typeof parsed?.message === 'string') {
      return truncate(redactSecrets([parsed.message, ...validationMessages(parsed.customProperties?.ValidationResults)].join(' '), secrets));
    }
  } catch {
    // not JSON: HTML error pages are useless to a reader, plain text is kept
  }
  return text.startsWith('<') ? '' : truncate(redactSecrets(text, secrets));
}

/**
 * A refused build queue (BuildRequestValidationFailedException) says only "there were validation
 * errors or warnings"; which ones, e.g. a required template parameter, is in ValidationResults.
 */
function validationMessages(results: unknown): string[] {
  if (!Array.isArray(results)) return [];
  return results.flatMap((result: { message?: unknown }) => (typeof result?.message === 'string' ? [result.message] : []));
}

function truncate(text: string): string {
  return text.length > MAX_SERVER_MESSAGE ? `${text.slice(0, MAX_SERVER_MESSAGE)}…` : text;
}
