import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IngressConfig } from '../config/ingress-config';
import { INGRESS_CONFIG } from '../ingress.di-tokens';
import { assertHttps } from './assert-https';

/** REQUIRE_HTTPS for Nest controllers (see assertHttps). */
@Injectable()
export class RequireHttpsGuard implements CanActivate {
  constructor(@Inject(INGRESS_CONFIG) private readonly config: IngressConfig) {}

  canActivate(context: ExecutionContext): boolean {
    assertHttps(this.config, context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }
}
