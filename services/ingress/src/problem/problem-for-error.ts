import { HttpException } from '@nestjs/common';
import { ProblemError } from './problem.error';

/** How long a sender should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 10;

/** The body limit of the request's route in bytes, read only when a 413 states it. */
type BodyLimit = () => number | undefined;

const bodyTooLarge = (bodyLimit?: BodyLimit) => {
  const limit = bodyLimit?.();
  const exceeded = typeof limit === 'number' ? `is larger than ${limit} bytes, the limit set by HOOK_MAX_BYTES` : 'exceeds HOOK_MAX_BYTES';
  return new ProblemError(413, 'BODY_TOO_LARGE', 'Payload Too Large', `The request body ${exceeded}; send a smaller body or raise HOOK_MAX_BYTES.`);
};
const unsupportedMediaType = () =>
  new ProblemError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type', 'Send the body as JSON with Content-Type: application/json.');
const notFound = () => new ProblemError(404, 'NOT_FOUND', 'Not Found', 'No such endpoint; service hooks go to POST /hooks/azure-devops, check calls to POST /checks/{policy} or /checks/{policy}/sync.');

// Fastify's own request errors (body too large, bad media type, …) as problems with a fix.
const fastifyProblems: Record<string, (bodyLimit?: BodyLimit) => ProblemError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: bodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new ProblemError(400, 'INVALID_CONTENT_LENGTH', 'Bad Request', 'The Content-Length header does not match the body sent.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new ProblemError(400, 'EMPTY_BODY', 'Bad Request', 'The body is empty; send the service-hook notification as JSON.'),
  // Fastify's own messages for these quote the whole URL, query (and so a ?code= key) included.
  FST_ERR_BAD_URL: () =>
    new ProblemError(400, 'INVALID_URL', 'Bad Request', 'The URL path is not valid percent-encoded UTF-8; use the URL shown for the endpoint unchanged.'),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    new ProblemError(414, 'URL_TOO_LONG', 'URI Too Long', 'A segment of the URL path is too long; use the URL shown for the endpoint unchanged.'),
};

// The same answers when the error arrives as a bare status (Nest's HttpException or another Fastify error).
const statusProblems: Record<number, (bodyLimit?: BodyLimit) => ProblemError> = { 404: notFound, 413: bodyTooLarge, 415: unsupportedMediaType };

function clientErrorStatus(error: unknown): number | undefined {
  const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Maps anything thrown while handling a request to the problem that is answered. Unexpected errors
 * become 503 (with Retry-After), never 500: Azure DevOps retries 503 but puts a subscription on
 * probation after a 500.
 */
export function problemForError(error: unknown, bodyLimit?: BodyLimit): { problem: ProblemError; unexpected: boolean } {
  if (error instanceof ProblemError) return { problem: error, unexpected: false };
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && fastifyProblems[code]) {
    return { problem: fastifyProblems[code](bodyLimit), unexpected: false };
  }
  const status = clientErrorStatus(error);
  if (status !== undefined) {
    // Client-error messages from Nest and Fastify describe the request; a URL they quote loses its
    // query, where a hook key may be.
    const message = ((error as Error).message || 'The request is malformed.').replace(/\?[^\s'"]*/g, '?…');
    const problem = statusProblems[status]?.(bodyLimit) ?? new ProblemError(status, 'BAD_REQUEST', 'Bad Request', message);
    return { problem, unexpected: false };
  }
  return {
    problem: new ProblemError(503, 'TEMPORARILY_UNAVAILABLE', 'Service Unavailable', 'The ingress could not process the request; retry later.', {
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    }),
    unexpected: true,
  };
}
