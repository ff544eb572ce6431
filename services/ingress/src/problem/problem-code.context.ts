import type { FastifyRequest } from 'fastify';

const problemCode = Symbol('switchyard.problemCode');

type WithProblemCode = FastifyRequest & { [problemCode]?: string };

/** Remembers the `code` of the problem a request was answered with, for its onResponse log line. */
export function setProblemCode(request: FastifyRequest, code: string): void {
  (request as WithProblemCode)[problemCode] = code;
}

/** The `code` of the problem this request was answered with (set by sendProblem), if any. */
export function problemCodeOf(request: FastifyRequest): string | undefined {
  return (request as WithProblemCode)[problemCode];
}
