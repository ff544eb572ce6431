import type { FastifyRequest } from 'fastify';
import { requestSlot } from '../request-context/request-slot';

const hookKeyName = requestSlot<string>('switchyard.hookKeyName');

export function setHookKeyName(request: FastifyRequest, name: string): void {
  hookKeyName.set(request, name);
}

/** The name of the hook key that authenticated this request (set by authenticateRequest), if any. */
export function hookKeyNameOf(request: FastifyRequest): string | undefined {
  return hookKeyName.get(request);
}
