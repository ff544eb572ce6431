import type { onRequestHookHandler } from 'fastify';
import type { Logger } from '@switchyard/observability';
import type { IngressConfig } from '../config/ingress-config';
import { sendProblem } from '../problem/send-problem';
import { assertHttps } from './assert-https';

/**
 * REQUIRE_HTTPS as a Fastify onRequest hook, for plain Fastify routes that have no problem error
 * handler of their own (the dead-letter admin API): plain HTTP gets the same 403 problem as on the hooks.
 */
export function requireHttpsHook(config: Pick<IngressConfig, 'requireHttps'>, logger: Logger): onRequestHookHandler {
  return (request, reply, done) => {
    try {
      assertHttps(config, request);
    } catch (error) {
      sendProblem(error, request, reply, logger);
      return;
    }
    done();
  };
}
