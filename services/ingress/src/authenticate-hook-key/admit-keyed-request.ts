import type { FastifyRequest } from 'fastify';
import type { IngressConfig } from '../config/ingress-config';
import { assertWithinRate } from '../rate-limit/assert-within-rate';
import type { KeyRateLimiter } from '../rate-limit/key-rate-limiter';
import { assertHttps } from '../transport-security/assert-https';
import { authenticateRequest } from './authenticate-request';
import type { HookKeyService } from './hook-key.service';

/**
 * What a keyed route checks before it reads a byte of the body: HTTPS (when required), the hook key,
 * the key's rate. Synchronous, for an onRequest hook; throws the problem to answer. Returns the key's name.
 */
export function admitKeyedRequest(config: IngressConfig, keys: HookKeyService, limiter: KeyRateLimiter, request: FastifyRequest): string {
  assertHttps(config, request);
  const keyName = authenticateRequest(keys, request);
  assertWithinRate(limiter, keyName);
  return keyName;
}
