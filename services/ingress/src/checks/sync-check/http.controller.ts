import { Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { HookKeyGuard } from '../../authenticate-hook-key/hook-key.guard';
import { HookRateLimitGuard } from '../../rate-limit/hook-rate-limit.guard';
import { RequireHttpsGuard } from '../../transport-security/require-https.guard';
import { CheckMetrics } from '../check-metrics';
import { SyncCheckService, type SyncDecision } from './sync-check.service';

export const SYNC_CHECK_PATH = '/checks/:policy/sync';

@Controller()
export class SyncCheckController {
  constructor(
    private readonly service: SyncCheckService,
    private readonly metrics: CheckMetrics,
  ) {}

  /** Azure Pipelines "Invoke REST API" check, ApiResponse mode: 200 `{ decision, reason }` at once. */
  @Post(SYNC_CHECK_PATH)
  @HttpCode(200)
  @UseGuards(RequireHttpsGuard, HookKeyGuard, HookRateLimitGuard)
  decide(@Param('policy') policy: string, @Req() request: FastifyRequest): Promise<SyncDecision> {
    return this.metrics.track(policy, 'sync', () => this.service.decide(policy, request.headers));
  }
}
