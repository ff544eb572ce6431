import type { FastifyRequest } from 'fastify';
import { CLOSED_BEFORE_ANSWER, CLOSED_BEFORE_ANSWER_CODE } from '../request-context/closed-before-answer';
import { requestSlot } from '../request-context/request-slot';
import { PROBLEM_CODES, type ProblemCode } from './problem-codes';

const problemCode = requestSlot<ProblemCode>('switchyard.problemCode');
const KNOWN_CODES: ReadonlySet<string> = new Set(PROBLEM_CODES);

/** Remembers the `code` of the problem a request was answered with, for its onResponse log line and metric. */
export function setProblemCode(request: FastifyRequest, code: ProblemCode): void {
  problemCode.set(request, code);
}

/** The `code` of the problem this request was answered with (set by sendProblem), if any. */
export function problemCodeOf(request: FastifyRequest): ProblemCode | undefined {
  return problemCode.get(request);
}

/**
 * The `code` metric label of an answer: its problem code, `none` for an answer that is no problem
 * (202, 200), `CONNECTION_CLOSED` for a request whose sender closed the connection before it was
 * answered, `unknown` for a refusal without a known code. Only PROBLEM_CODES and these three, so the
 * label stays bounded whatever reaches the slot.
 */
export function problemCodeLabelOf(request: FastifyRequest, status: number): string {
  if (status === CLOSED_BEFORE_ANSWER) return CLOSED_BEFORE_ANSWER_CODE;
  const code = problemCode.get(request);
  if (code === undefined) return status < 400 ? 'none' : 'unknown';
  return KNOWN_CODES.has(code) ? code : 'unknown';
}
