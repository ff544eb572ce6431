import type { Socket } from 'node:net';
import { answeredByNode } from '../request-context/receiving-request';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.error';

/**
 * The problem for an HTTP request Node could not parse, before Fastify or a route ever saw it.
 * `requestTimeoutMs`: how long the request had to arrive whole (named in the 408).
 */
export function clientErrorProblem(error: NodeJS.ErrnoException, requestTimeoutMs: number): ProblemError {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return new ProblemError(431, 'HEADERS_TOO_LARGE', 'Request Header Fields Too Large', 'The request headers are larger than this server accepts (16 KiB in all); send fewer or shorter headers.');
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new ProblemError(408, 'REQUEST_TIMEOUT', 'Request Timeout', `The request did not arrive whole within ${durationText(requestTimeoutMs)}; send it again.`);
  }
  return new ProblemError(400, 'MALFORMED_HTTP', 'Bad Request', 'The request is not valid HTTP/1.1 (request line, headers or chunked body); send it with a standard HTTP client.');
}

const durationText = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/**
 * Fastify's clientErrorHandler: answers a request Node could not parse with a problem body, as every
 * other 4xx, instead of Fastify's own `{"message":"Client Error"}`, then closes the connection (its
 * remaining bytes cannot be trusted). Nothing is written to a connection the client already reset or ended.
 * A keyed route's request whose body was still arriving is counted and logged as that route's answer.
 */
export const answerClientErrors = (requestTimeoutMs: number) => (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // The sender ended the connection before its request was whole: nobody is left to read an answer. An
  // admitted request is counted when the connection closes (trackReceiving), not as MALFORMED_HTTP.
  if (error.code === 'HPE_INVALID_EOF_STATE') {
    socket.destroy();
    return;
  }
  if (socket.writable) {
    const problem = clientErrorProblem(error, requestTimeoutMs);
    const body = JSON.stringify(problem.toBody());
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    answeredByNode(socket, problem.status, problem.code);
  }
  socket.destroy(error);
};
