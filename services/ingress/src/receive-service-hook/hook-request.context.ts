import type { FastifyRequest } from 'fastify';
import { requestSlot } from '../request-context/request-slot';

const eventType = requestSlot<string>('switchyard.hookEventType');

/** Remembers the hook's Azure DevOps event type for the per-response metric. */
export function setHookEventType(request: FastifyRequest, type: string): void {
  eventType.set(request, type);
}

export function hookEventTypeOf(request: FastifyRequest): string | undefined {
  return eventType.get(request);
}
