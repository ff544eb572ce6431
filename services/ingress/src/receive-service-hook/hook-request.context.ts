import type { FastifyRequest } from 'fastify';
import { requestSlot } from '../request-context/request-slot';

const eventType = requestSlot<string>('switchyard.hookEventType');
const validated = requestSlot<true>('switchyard.hookValidated');

/** Remembers the hook's Azure DevOps event type for the per-response metric. */
export function setHookEventType(request: FastifyRequest, type: string): void {
  eventType.set(request, type);
}

export function hookEventTypeOf(request: FastifyRequest): string | undefined {
  return eventType.get(request);
}

/** Records that the hook was a valid notification: only then may its event type take a metric label. */
export function markHookValid(request: FastifyRequest): void {
  validated.set(request, true);
}

export function isHookValid(request: FastifyRequest): boolean {
  return validated.get(request) === true;
}
