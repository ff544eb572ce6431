import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { hookKeyNameOf } from '../../authenticate-hook-key/hook-key.context';
import { CheckMetrics } from '../check-metrics';
import { CheckRouteHooks } from '../check-route-hooks';
import { checkHeaderLines } from '../read-check-request/read-check-headers';
import { RequestCheckService } from './request-check.service';

export const CHECK_PATH = '/checks/:policy';

/**
 * `POST /checks/{policy}`: Azure Pipelines "Invoke REST API" check, callback mode: 200 once the bus has
 * the request. A plain Fastify route, as the hook route, so that HTTPS, key and rate are checked before
 * the body is read (CheckRouteHooks).
 */
@Injectable()
export class RequestCheckHttp implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: RequestCheckService,
    private readonly hooks: CheckRouteHooks,
    private readonly metrics: CheckMetrics,
  ) {}

  onModuleInit(): void {
    this.hooks.serve(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), 'callback', CHECK_PATH, (request) => {
      const { policy } = request.params as { policy: string };
      return this.metrics.timeAck('callback', () => this.service.request({ policy, headers: checkHeaderLines(request.raw), hookKeyName: hookKeyNameOf(request) ?? '' }));
    });
  }
}
