import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.error';
import { sendProblem } from './send-problem';

/** 400 for an HTTP/1.1 request without Host (RFC 9112 §3.2): Node's own check answers with an empty body. */
export function hostRequiredProblem(): ProblemError {
  return new ProblemError(400, 'HOST_REQUIRED', 'Bad Request', 'An HTTP/1.1 request needs a Host header; send it with a standard HTTP client.');
}

/** 417 for an Expect header other than 100-continue, the only expectation HTTP/1.1 defines. */
export function expectationFailedProblem(): ProblemError {
  return new ProblemError(417, 'EXPECTATION_FAILED', 'Expectation Failed', 'The Expect header asks for something other than 100-continue; remove it.');
}

/**
 * Refuses, as problems, the two requests Node itself would answer with an empty body: an HTTP/1.1
 * request without Host (the server must be created with `requireHostHeader: false`) and an Expect
 * header other than 100-continue (Node hands those to a 'checkExpectation' listener instead of the app).
 */
export function answerHostAndExpectAsProblems(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.headers.host === undefined && raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1) {
      sendProblem(hostRequiredProblem(), request, reply, logger);
      return;
    }
    done();
  });
  fastify.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const problem = expectationFailedProblem();
    const body = JSON.stringify(problem.toBody((request.url ?? '').split('?')[0]));
    // The body (if any) was never read: close the connection rather than parse what follows as a request.
    response.shouldKeepAlive = false;
    response.writeHead(problem.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' });
    response.end(body);
  });
}
