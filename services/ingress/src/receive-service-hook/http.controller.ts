import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { hookKeyNameOf } from '../authenticate-hook-key/hook-key.context';
import { HookKeyGuard } from '../authenticate-hook-key/hook-key.guard';
import { HookRateLimitGuard } from '../rate-limit/hook-rate-limit.guard';
import { RequireHttpsGuard } from '../transport-security/require-https.guard';
import { setHookEventType } from './hook-request.context';
import { ReceiveServiceHookService } from './receive-service-hook.service';

export const SERVICE_HOOK_PATH = '/hooks/azure-devops';

@Controller()
export class ReceiveServiceHookController {
  constructor(private readonly service: ReceiveServiceHookService) {}

  /** 202 `{ id }` once the bus has the event; see docs/ingress.md for every other answer. */
  @Post(SERVICE_HOOK_PATH)
  @HttpCode(202)
  @UseGuards(RequireHttpsGuard, HookKeyGuard, HookRateLimitGuard)
  receive(@Req() request: FastifyRequest, @Body() body: Buffer | undefined): Promise<{ id: string }> {
    return this.service.receive({
      body: Buffer.isBuffer(body) ? body : undefined,
      headers: request.headers,
      hookKeyName: hookKeyNameOf(request) ?? '',
      onEventType: (eventType) => setHookEventType(request, eventType),
    });
  }
}
