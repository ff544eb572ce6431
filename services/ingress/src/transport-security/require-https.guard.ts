import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IngressConfig } from '../config/ingress-config';
import { INGRESS_CONFIG } from '../ingress.di-tokens';
import { ProblemError } from '../problem/problem.error';

/**
 * With REQUIRE_HTTPS=true, refuses plain HTTP. Behind a TLS-terminating proxy the request counts as
 * HTTPS only when `X-Forwarded-Proto: https` comes from an address in TRUSTED_PROXIES (Fastify's
 * trustProxy decides `request.protocol`).
 */
@Injectable()
export class RequireHttpsGuard implements CanActivate {
  constructor(@Inject(INGRESS_CONFIG) private readonly config: IngressConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.requireHttps) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.protocol === 'https') return true;
    throw new ProblemError(
      403,
      'HTTPS_REQUIRED',
      'Forbidden',
      'This endpoint only accepts HTTPS. Use an https:// URL; a TLS-terminating proxy must send X-Forwarded-Proto: https and be listed in TRUSTED_PROXIES.',
    );
  }
}
