import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { hookKeyNameOf } from '../../authenticate-hook-key/hook-key.context';
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
    this.hooks.serve(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), 'sync', SYNC_CHECK_PATH, (request) => {
      const { policy } = request.params as { policy: string };
      return this.metrics.timeAck('sync', () => this.service.decide(policy, checkHeaderLines(request.raw), hookKeyNameOf(request) ?? ''));
    });
  }
}
