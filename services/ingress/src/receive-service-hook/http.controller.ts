import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { admitKeyedRequest } from '../authenticate-hook-key/admit-keyed-request';
import { hookKeyNameOf } from '../authenticate-hook-key/hook-key.context';
import { HookKeyService } from '../authenticate-hook-key/hook-key.service';
import type { IngressConfig } from '../config/ingress-config';
import { INGRESS_CONFIG, INGRESS_LOGGER } from '../ingress.di-tokens';
import { RefusalLog, setRefusedOrganization } from '../log-refusal/log-refusal';
import { refuseOtherMethods } from '../method-not-allowed/refuse-other-methods';
import { problemCodeLabelOf } from '../problem/problem-code.context';
import { sendProblem } from '../problem/send-problem';
import { KeyRateLimiter } from '../rate-limit/key-rate-limiter';
import { stopTracking, trackReceiving, type CountAnswer } from '../request-context/receiving-request';
import { HookMetrics } from './hook-metrics';
import { hookEventTypeOf, setHookEventType } from './hook-request.context';
import { ReceiveServiceHookService } from './receive-service-hook.service';

export const SERVICE_HOOK_PATH = '/hooks/azure-devops';

/**
 * `POST /hooks/azure-devops`: 202 `{ id }` once the bus has the event (docs/ingress.md lists every
 * other answer). Registered as a plain Fastify route rather than a Nest controller: this is the hot
 * path, and Nest's per-request routing costs more CPU than the rest of the work together. HTTPS,
 * key and rate checks run in onRequest, before a byte of the body is read.
 */
@Injectable()
export class ReceiveServiceHookHttp implements OnModuleInit {
  private readonly refusals: RefusalLog;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: ReceiveServiceHookService,
    private readonly keys: HookKeyService,
    private readonly limiter: KeyRateLimiter,
    private readonly metrics: HookMetrics,
    @Inject(INGRESS_CONFIG) private readonly config: IngressConfig,
    @Inject(INGRESS_LOGGER) private readonly logger: Logger,
  ) {
    this.refusals = new RefusalLog(logger, 'service hook');
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Every answer of this route is counted, 401/413/415 included (and the 405 to other methods, and the
    // 408 or 400 Node gives an admitted hook whose body stops arriving or breaks), and every refusal
    // logged. A route hook rather than a global one: the global one would need request.routeOptions,
    // which Fastify rebuilds per access.
    const countAnswer: CountAnswer = (request, status) => {
      this.metrics.countHook(hookEventTypeOf(request), status, problemCodeLabelOf(request, status));
      if (status >= 400) this.refusals.refused(request, status);
    };
    const onResponse: onResponseHookHandler = (request, reply, done) => {
      stopTracking(request);
      countAnswer(request, reply.statusCode);
      done();
    };
    const errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply, this.logger);
    fastify.route({
      method: 'POST',
      url: SERVICE_HOOK_PATH,
      // Synchronous on purpose (no promise per request); Fastify turns a throw into the error handler.
      onRequest: (request, _reply, done) => {
        admitKeyedRequest(this.config, this.keys, this.limiter, request);
        trackReceiving(request, countAnswer);
        done();
      },
      handler: (request, reply) => this.receive(request, reply),
      onResponse,
      errorHandler,
    });
    refuseOtherMethods(fastify, {
      url: SERVICE_HOOK_PATH,
      advice: 'send the service-hook notification with POST, as a Web Hooks subscription does.',
      onResponse,
      errorHandler,
    });
  }

  // 202 is set up front: a refusal goes to errorHandler, which sets its own status.
  private receive(request: FastifyRequest, reply: FastifyReply): Promise<{ id: string }> {
    void reply.code(202);
    return this.service.receive({
      body: Buffer.isBuffer(request.body) ? request.body : undefined,
      headers: request.headers,
      hookKeyName: hookKeyNameOf(request) ?? '',
      onEventType: (eventType) => setHookEventType(request, eventType),
      onOrganizationRefused: (organizationUrl, event) => setRefusedOrganization(request, organizationUrl, { eventId: event.id, eventType: event.type }),
    });
  }
}
