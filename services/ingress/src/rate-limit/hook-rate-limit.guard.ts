import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { hookKeyNameOf } from '../authenticate-hook-key/hook-key.context';
import { assertWithinRate } from './assert-within-rate';
import { KeyRateLimiter } from './key-rate-limiter';

/** HOOK_RATE_PER_MINUTE per hook key for Nest controllers (see assertWithinRate). Use after HookKeyGuard. */
@Injectable()
export class HookRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: KeyRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    assertWithinRate(this.limiter, hookKeyNameOf(context.switchToHttp().getRequest<FastifyRequest>()) ?? '');
    return true;
  }
}
