import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../problem/problem.error';
import { setHookKeyName } from './hook-key.context';
import { HookKeyService } from './hook-key.service';

/** One answer for a missing and a wrong key, so a caller cannot tell them apart. */
export function hookKeyRejected(): ProblemError {
  return new ProblemError(
    401,
    'HOOK_KEY_REJECTED',
    'Unauthorized',
    'A valid hook key is required: append ?code=<key> to the URL, send it as the HTTP Basic password, or in an X-Hook-Key header.',
    { headers: { 'www-authenticate': 'Basic realm="switchyard", charset="UTF-8"' } },
  );
}

/**
 * Lets a request through only with a valid hook key (HOOK_KEYS), and records the key's name on it
 * (`hookKeyNameOf(request)`). Reusable on any ingress controller: `@UseGuards(HookKeyGuard)`.
 */
@Injectable()
export class HookKeyGuard implements CanActivate {
  constructor(private readonly keys: HookKeyService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const name = this.keys.authenticate({ headers: request.headers, query: request.query });
    if (name === undefined) throw hookKeyRejected();
    setHookKeyName(request, name);
    return true;
  }
}
