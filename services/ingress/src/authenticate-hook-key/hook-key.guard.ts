import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { authenticateRequest } from './authenticate-request';
import { HookKeyService } from './hook-key.service';

/**
 * Lets a request through only with a valid hook key (HOOK_KEYS) and records the key's name on it
 * (`hookKeyNameOf(request)`). For any ingress Nest controller: `@UseGuards(HookKeyGuard)`.
 */
@Injectable()
export class HookKeyGuard implements CanActivate {
  constructor(private readonly keys: HookKeyService) {}

  canActivate(context: ExecutionContext): boolean {
    authenticateRequest(this.keys, context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }
}
