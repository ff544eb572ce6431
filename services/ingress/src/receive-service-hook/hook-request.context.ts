import type { FastifyRequest } from 'fastify';

const eventTypeKey = Symbol('switchyard.hookEventType');
const validatedKey = Symbol('switchyard.hookValidated');

type WithEventType = FastifyRequest & { [eventTypeKey]?: string; [validatedKey]?: true };

/** Remembers the hook's Azure DevOps event type for the per-response metric. */
export function setHookEventType(request: FastifyRequest, eventType: string): void {
  (request as WithEventType)[eventTypeKey] = eventType;
}

export function hookEventTypeOf(request: FastifyRequest): string | undefined {
  return (request as WithEventType)[eventTypeKey];
}

/** Records that the hook was a valid notification: only then may its event type take a metric label. */
export function markHookValid(request: FastifyRequest): void {
  (request as WithEventType)[validatedKey] = true;
}

export function isHookValid(request: FastifyRequest): boolean {
  return (request as WithEventType)[validatedKey] === true;
}
