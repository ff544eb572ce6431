import type { FastifyRequest } from 'fastify';
import type { IngressConfig } from '../config/ingress-config';
import { ProblemError } from '../problem/problem.error';

/**
 * With REQUIRE_HTTPS=true, refuses plain HTTP. Behind a TLS-terminating proxy the request counts as
 * HTTPS only when `X-Forwarded-Proto: https` comes from an address in TRUSTED_PROXIES (Fastify's
 * trustProxy decides `request.protocol`).
 */
export function assertHttps(config: Pick<IngressConfig, 'requireHttps'>, request: FastifyRequest): void {
  if (!config.requireHttps || request.protocol === 'https') return;
  throw new ProblemError(
    403,
    'HTTPS_REQUIRED',
    'Forbidden',
    'This endpoint only accepts HTTPS. Use an https:// URL; a TLS-terminating proxy must send X-Forwarded-Proto: https and be listed in TRUSTED_PROXIES.',
  );
}
