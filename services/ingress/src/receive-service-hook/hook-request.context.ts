import type { FastifyRequest } from 'fastify';

const eventTypeKey = Symbol('switchyard.hookEventType');

type WithEventType = FastifyRequest & { [eventTypeKey]?: string };

/** Remembers the hook's Azure DevOps event type for the per-response metric. */
export function setHookEventType(request: FastifyRequest, eventType: string): void {
  (request as WithEventType)[eventTypeKey] = eventType;
}

export function hookEventTypeOf(request: FastifyRequest): string | undefined {
  return (request as WithEventType)[eventTypeKey];
}
