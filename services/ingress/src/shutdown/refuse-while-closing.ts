import type { FastifyInstance } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { ProblemError } from '../problem/problem.error';
import { sendProblem } from '../problem/send-problem';

/** Another replica takes new connections at once; a sender that waits for its next try lands there. */
const SHUTDOWN_RETRY_AFTER_SECONDS = 1;

// Still served while closing, so that the last scrape sees what the replica answered as it drained.
const SERVED_WHILE_CLOSING = new Set(['/metrics']);

/**
 * Once the ingress is closing, requests that still arrive on open keep-alive connections get the 503
 * problem with Retry-After (and the route's own onResponse counts them), instead of Fastify's bare
 * 503, which has neither (start the instance with return503OnClosing: false). Requests already in
 * flight complete as usual; Fastify answers these with `Connection: close`.
 */
export function refuseRequestsWhileClosing(fastify: FastifyInstance, logger: Logger): void {
  let closing = false;
  // Fastify runs preClose once it has stopped routing as usual, before it waits for requests in flight.
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing || SERVED_WHILE_CLOSING.has(request.url)) {
      done();
      return;
    }
    sendProblem(shuttingDownProblem(request.url), request, reply, logger);
  });
}

/** The 503 for a request that reached a closing replica; a check call is told that nothing retries it. */
export function shuttingDownProblem(url: string): ProblemError {
  const detail = url.startsWith('/checks/')
    ? 'This ingress replica is shutting down. Azure Pipelines does not retry a check call: re-run the check (or its stage) to call another replica.'
    : 'This ingress replica is shutting down; send the request again (Azure DevOps retries a 503 on its own).';
  return new ProblemError(503, 'SHUTTING_DOWN', 'Service Unavailable', detail, { headers: { 'retry-after': String(SHUTDOWN_RETRY_AFTER_SECONDS) } });
}
