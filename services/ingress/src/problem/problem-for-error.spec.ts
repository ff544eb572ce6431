import { BadRequestException } from '@nestjs/common';
import { problemForError } from './problem-for-error';

const KEY = 'prod-secret-0123456789abcdef';

describe('problemForError', () => {
  it.each([
    ['a Nest HttpException', new BadRequestException(`Cannot parse POST /hooks/azure-devops?code=${KEY}&x=1`), 400],
    ['a Fastify error with a status code', Object.assign(new Error(`Bad request to '/checks/p?code=${KEY}'`), { statusCode: 422 }), 422],
  ])('answers %s with its status and message, without the query of a URL it quotes', (_what, error, status) => {
    const { problem, unexpected } = problemForError(error);
    expect(unexpected).toBe(false);
    expect([problem.status, problem.code]).toEqual([status, 'BAD_REQUEST']);
    expect(problem.detail).toContain('?…');
    expect(problem.detail).not.toContain(KEY);
  });

  it('answers anything unexpected with 503 TEMPORARILY_UNAVAILABLE and Retry-After, never 500', () => {
    const { problem, unexpected } = problemForError(new TypeError('bug'));
    expect(unexpected).toBe(true);
    expect([problem.status, problem.code, problem.options.headers]).toEqual([503, 'TEMPORARILY_UNAVAILABLE', { 'retry-after': '10' }]);
  });
});
