import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import { ProblemError } from '../problem/problem.error';

export interface PostOnlyRoute {
  url: string;
  /** What to do instead, after "<METHOD> is not allowed here; ". */
  advice: string;
  /** The POST route's own hooks: a refusal is counted and answered as its other answers are. */
  onResponse: onResponseHookHandler;
  errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void;
}

/**
 * Answers every method but POST on `url` with 405 METHOD_NOT_ALLOWED and `Allow: POST`, HEAD and OPTIONS
 * included (no browser calls these endpoints, so there is no CORS preflight to serve). A route of its
 * own, so the POST route's lookup and hooks stay as they were. Answered before HTTPS, key and body:
 * it reveals only that the path exists, which docs/ingress.md publishes anyway.
 */
export function refuseOtherMethods(fastify: FastifyInstance, route: PostOnlyRoute): void {
  fastify.route({
    method: fastify.supportedMethods.filter((method) => method !== 'POST'),
    url: route.url,
    // HEAD is in the list above; Fastify's own HEAD route for GET would collide with it.
    exposeHeadRoute: false,
    // In onRequest, before Fastify reads a PUT's body and could answer 413 or 415 for it instead.
    onRequest: (request, _reply, done) => done(methodNotAllowed(request.method, route.advice)),
    // Not reached, as onRequest answers; it throws all the same so that no path could answer 200.
    handler: (request) => {
      throw methodNotAllowed(request.method, route.advice);
    },
    onResponse: route.onResponse,
    errorHandler: route.errorHandler,
  });
}

// Node accepts only the methods it knows (http.METHODS), so the method is safe to quote.
const methodNotAllowed = (method: string, advice: string) =>
  new ProblemError(405, 'METHOD_NOT_ALLOWED', 'Method Not Allowed', `${method} is not allowed here; ${advice}`, { headers: { allow: 'POST' } });
