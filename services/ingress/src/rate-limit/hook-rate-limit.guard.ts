import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { hookKeyNameOf } from '../authenticate-hook-key/hook-key.context';
import { ProblemError } from '../problem/problem.error';
import { KeyRateLimiter } from './key-rate-limiter';

/**
 * HOOK_RATE_PER_MINUTE per hook key. Answers 503 + Retry-After rather than 429, because Azure DevOps
 * retries only 408/502/503/504 and puts a subscription on probation after anything else.
 * Use after HookKeyGuard.
 */
@Injectable()
export class HookRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: KeyRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const decision = this.limiter.take(hookKeyNameOf(request) ?? '');
    if (decision.allowed) return true;
    throw new ProblemError(
      503,
      'RATE_LIMITED',
      'Service Unavailable',
      `This hook key sent more than HOOK_RATE_PER_MINUTE requests; retry after ${decision.retryAfterSeconds} s.`,
      { headers: { 'retry-after': String(decision.retryAfterSeconds) } },
    );
  }
}
