import { Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { hookKeyNameOf } from '../../authenticate-hook-key/hook-key.context';
import { HookKeyGuard } from '../../authenticate-hook-key/hook-key.guard';
import { HookRateLimitGuard } from '../../rate-limit/hook-rate-limit.guard';
import { RequireHttpsGuard } from '../../transport-security/require-https.guard';
import { CheckMetrics } from '../check-metrics';
import { RequestCheckService } from './request-check.service';

export const CHECK_PATH = '/checks/:policy';

@Controller()
export class RequestCheckController {
  constructor(
    private readonly service: RequestCheckService,
    private readonly metrics: CheckMetrics,
  ) {}

  /** Azure Pipelines "Invoke REST API" check, callback mode: 200 once the bus has the request. */
  @Post(CHECK_PATH)
  @HttpCode(200)
  @UseGuards(RequireHttpsGuard, HookKeyGuard, HookRateLimitGuard)
  request(@Param('policy') policy: string, @Req() request: FastifyRequest): Promise<{ status: 'accepted'; id: string }> {
    return this.metrics.track(policy, 'callback', () =>
      this.service.request({ policy, headers: request.headers, hookKeyName: hookKeyNameOf(request) ?? '' }),
    );
  }
}
