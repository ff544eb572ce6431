import type { FastifyRequest } from 'fastify';
import { problemCodeLabelOf, setProblemCode } from './problem-code.context';
import type { ProblemCode } from './problem-codes';

const answeredWith = (code?: string): FastifyRequest => {
  const request = {} as FastifyRequest;
  if (code !== undefined) setProblemCode(request, code as ProblemCode);
  return request;
};

describe('problemCodeLabelOf', () => {
  it('is the problem code of a refusal', () => {
    expect(problemCodeLabelOf(answeredWith('RATE_LIMITED'), 503)).toBe('RATE_LIMITED');
  });

  it('is "none" for an answer that is no problem', () => {
    expect(problemCodeLabelOf(answeredWith(), 202)).toBe('none');
  });

  it.each([
    ['a code that is not a problem code', 'x'.repeat(200), 400],
    ['a code where a status was expected', '503', 503],
    ['no code on a refusal', undefined, 500],
  ])('is "unknown" for %s, never free text', (_what, code, status) => {
    expect(problemCodeLabelOf(answeredWith(code), status)).toBe('unknown');
  });
});
