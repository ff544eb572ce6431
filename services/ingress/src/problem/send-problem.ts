import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { problemForError } from './problem-for-error';
import { PROBLEM_CONTENT_TYPE } from './problem.error';

/** Answers `error` as application/problem+json (logging it when it was unexpected). */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const { problem, unexpected } = problemForError(error);
  if (unexpected) {
    logger.error({ err: error, method: request.method, url: request.url }, 'unexpected error; answered 503');
  }
  if (reply.sent) return;
  void reply
    .code(problem.status)
    .headers(problem.options.headers ?? {})
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem.toBody(request.url.split('?')[0]));
}
