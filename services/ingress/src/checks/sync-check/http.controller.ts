import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { refuseOtherMethods } from '../../method-not-allowed/refuse-other-methods';
import { CheckMetrics } from '../check-metrics';
import { CheckRouteHooks } from '../check-route-hooks';
import { checkHeaderLines } from '../read-check-request/read-check-headers';
import { SyncCheckService } from './sync-check.service';

export const SYNC_CHECK_PATH = '/checks/:policy/sync';

/**
 * `POST /checks/{policy}/sync`: Azure Pipelines "Invoke REST API" check, ApiResponse mode: 200
 * `{ decision, reason }` at once. HTTPS, key and rate are checked before the body is read (CheckRouteHooks).
 */
@Injectable()
export class SyncCheckHttp implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: SyncCheckService,
    private readonly hooks: CheckRouteHooks,
    private readonly metrics: CheckMetrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const hooks = this.hooks.for('sync');
    fastify.route({
      method: 'POST',
      url: SYNC_CHECK_PATH,
      ...hooks,
      handler: (request) => {
        const { policy } = request.params as { policy: string };
        return this.metrics.timeAck('sync', () => this.service.decide(policy, checkHeaderLines(request.raw)));
      },
    });
    refuseOtherMethods(fastify, { url: SYNC_CHECK_PATH, advice: 'set the Method of the Invoke REST API check to POST (docs/gate-evaluator.md).', onResponse: hooks.onResponse, errorHandler: hooks.errorHandler });
  }
}
