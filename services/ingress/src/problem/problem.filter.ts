import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { problemForError } from './problem-for-error';
import { PROBLEM_CONTENT_TYPE } from './problem.error';

/** Answers every error (Nest's, Fastify's and ours) as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { problem, unexpected } = problemForError(error);
    if (unexpected) {
      this.logger.error({ err: error, method: request.method, url: request.url }, 'unexpected error; answered 503');
    }
    if (reply.sent) return;
    reply
      .code(problem.status)
      .headers(problem.options.headers ?? {})
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem.toBody(request.url.split('?')[0]));
  }
}
