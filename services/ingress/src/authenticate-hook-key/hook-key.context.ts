import type { FastifyRequest } from 'fastify';

const hookKeyName = Symbol('switchyard.hookKeyName');

type WithHookKey = FastifyRequest & { [hookKeyName]?: string };

export function setHookKeyName(request: FastifyRequest, name: string): void {
  (request as WithHookKey)[hookKeyName] = name;
}

/** The name of the hook key that authenticated this request (set by HookKeyGuard). */
export function hookKeyNameOf(request: FastifyRequest): string | undefined {
  return (request as WithHookKey)[hookKeyName];
}
