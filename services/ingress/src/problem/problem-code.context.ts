import type { FastifyRequest } from 'fastify';
import { requestSlot } from '../request-context/request-slot';

const problemCode = requestSlot<string>('switchyard.problemCode');

/** Remembers the `code` of the problem a request was answered with, for its onResponse log line. */
export function setProblemCode(request: FastifyRequest, code: string): void {
  problemCode.set(request, code);
}

/** The `code` of the problem this request was answered with (set by sendProblem), if any. */
export function problemCodeOf(request: FastifyRequest): string | undefined {
  return problemCode.get(request);
}
