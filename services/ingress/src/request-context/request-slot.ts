import type { FastifyRequest } from 'fastify';

export interface RequestSlot<T> {
  set(request: FastifyRequest, value: T): void;
  get(request: FastifyRequest): T | undefined;
}

/**
 * A value one part of a request's handling leaves for a later one (a hook key's name for the metrics,
 * the problem code for the refusal log), on the request under a symbol of its own.
 */
export function requestSlot<T>(description: string): RequestSlot<T> {
  const key = Symbol(description);
  type WithSlot = FastifyRequest & { [key]?: T };
  return {
    set: (request, value) => void ((request as WithSlot)[key] = value),
    get: (request) => (request as WithSlot)[key],
  };
}
