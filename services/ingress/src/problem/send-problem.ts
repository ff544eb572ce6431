import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { problemForError } from './problem-for-error';
import { setProblemCode } from './problem-code.context';
import { PROBLEM_CONTENT_TYPE } from './problem.error';

/** Answers `error` as application/problem+json (logging it when it was unexpected). */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  // The route's limit (HOOK_MAX_BYTES unless a route sets its own), read only for a 413.
  const { problem, unexpected } = problemForError(error, () => request.routeOptions?.bodyLimit);
  if (unexpected) {
    // The path only: the query may carry a hook key in a form no redaction pattern knows (?%63ode=…).
    logger.error({ err: error, method: request.method, path: request.url.split('?')[0] }, 'unexpected error; answered 503');
  }
  if (reply.sent) return;
  setProblemCode(request, problem.code);
  void reply
    .code(problem.status)
    .headers(problem.options.headers ?? {})
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem.toBody(request.url.split('?')[0]));
}
