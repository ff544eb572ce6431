import { Inject, Injectable } from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, onResponseHookHandler, RouteHandlerMethod } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { admitKeyedRequest } from '../authenticate-hook-key/admit-keyed-request';
import { HookKeyService } from '../authenticate-hook-key/hook-key.service';
import type { IngressConfig } from '../config/ingress-config';
import { INGRESS_CONFIG, INGRESS_LOGGER } from '../ingress.di-tokens';
import { KeyOrganizations } from '../key-organizations/key-organizations';
import { RefusalLog, setRefusedOrganization } from '../log-refusal/log-refusal';
import { refuseOtherMethods } from '../method-not-allowed/refuse-other-methods';
import { problemCodeLabelOf } from '../problem/problem-code.context';
import { sendProblem } from '../problem/send-problem';
import { KeyRateLimiter } from '../rate-limit/key-rate-limiter';
import { stopTracking, trackReceiving, type CountAnswer } from '../request-context/receiving-request';
import { CheckMetrics, type CheckMode } from './check-metrics';
import { checkHeaderLines, readPolicyHeaders } from './read-check-request/read-check-headers';

interface CheckRouteHookOptions {
  onRequest: onRequestHookHandler;
  onResponse: onResponseHookHandler;
  errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void;
}

/**
 * Serves the check routes with what runs around their handler. HTTPS, key, rate and, for a key
 * HOOK_KEY_ORGANIZATIONS binds, the PlanUrl's organization are checked in onRequest, before a byte of the
 * body is read: without a valid key every call gets 401, whatever its body, and the ingress buffers
 * nothing for it. onResponse counts every answer (refusals by HTTPS, key, rate or body parser included)
 * and logs each refusal of a caller with a valid key, since Azure Pipelines only shows the caller a
 * failed check.
 */
@Injectable()
export class CheckRouteHooks {
  private readonly refusals: RefusalLog;

  constructor(
    private readonly keys: HookKeyService,
    private readonly limiter: KeyRateLimiter,
    private readonly keyOrganizations: KeyOrganizations,
    private readonly metrics: CheckMetrics,
    @Inject(INGRESS_CONFIG) private readonly config: IngressConfig,
    @Inject(INGRESS_LOGGER) private readonly logger: Logger,
  ) {
    this.refusals = new RefusalLog(logger, 'check call');
  }

  /** Serves POST `url` for checks in `mode` behind these hooks, and 405 (counted and logged alike) for every other method on it. */
  serve(fastify: FastifyInstance, mode: CheckMode, url: string, handler: RouteHandlerMethod): void {
    const hooks = this.for(mode);
    fastify.route({ method: 'POST', url, ...hooks, handler });
    refuseOtherMethods(fastify, { url, advice: 'set the Method of the Invoke REST API check to POST (docs/gate-evaluator.md).', onResponse: hooks.onResponse, errorHandler: hooks.errorHandler });
  }

  private for(mode: CheckMode): CheckRouteHookOptions {
    // Also for the 408 or 400 Node gives an admitted call whose body stops arriving or breaks.
    const countAnswer: CountAnswer = (request, status) => {
      const policy = (request.params as { policy?: string }).policy ?? '';
      this.metrics.countCall(policy, mode, status, problemCodeLabelOf(request, status));
      // Names only: never the headers, whose AuthToken and hook key are secrets.
      if (status >= 400) this.refusals.refused(request, status, { policy: policy.slice(0, 64), mode });
    };
    return {
      // Synchronous, as on the hook route: Fastify turns a throw into the errorHandler.
      onRequest: (request, _reply, done) => {
        const organizations = this.keyOrganizations.of(admitKeyedRequest(this.config, this.keys, this.limiter, request));
        if (organizations !== undefined) {
          // One PlanUrl line, as readCheckHeaders wants it: a repeated one names no organization.
          const planUrl = readPolicyHeaders(checkHeaderLines(request.raw), ['PlanUrl']).values['planurl'];
          if (!organizations.includes(planUrl)) {
            setRefusedOrganization(request, planUrl);
            throw organizations.refusal(planUrl, 'check');
          }
        }
        trackReceiving(request, countAnswer);
        done();
      },
      onResponse: (request, reply, done) => {
        stopTracking(request);
        countAnswer(request, reply.statusCode);
        done();
      },
      errorHandler: (error, request, reply) => sendProblem(error, request, reply, this.logger),
    };
  }
}
