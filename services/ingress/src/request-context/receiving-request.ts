import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { setProblemCode } from '../problem/problem-code.context';
import type { ProblemCode } from '../problem/problem-codes';
import { CLOSED_BEFORE_ANSWER } from './closed-before-answer';

/** What a keyed route's onResponse does with an answer (count it, log a refusal), given its status. */
export type CountAnswer = (request: FastifyRequest, status: number) => void;

const receiving = Symbol('switchyard.receivingRequest');
const countAnswer = Symbol('switchyard.countAnswer');
const watchingClose = Symbol('switchyard.watchingClose');

type TrackedSocket = Socket & { [receiving]?: FastifyRequest; [countAnswer]?: CountAnswer; [watchingClose]?: true };

/**
 * Remembers on its connection an admitted request until it is answered, and how its route counts
 * answers. A body that stops arriving (408) or breaks (400 MALFORMED_HTTP) is answered by Node's
 * clientError, after which the route's onResponse never runs (answeredByNode counts it instead); a
 * connection the sender closes before the answer (mid-body, or while the hook waits for the bus) never
 * gets one, and is counted with CLOSED_BEFORE_ANSWER when it closes. Two property stores on the socket
 * per request, and one close listener per connection.
 */
export function trackReceiving(request: FastifyRequest, count: CountAnswer): void {
  const socket = request.raw.socket as TrackedSocket;
  socket[receiving] = request;
  socket[countAnswer] = count;
  if (socket[watchingClose] === undefined) {
    socket[watchingClose] = true;
    socket.once('close', countUnanswered);
  }
}

function countUnanswered(this: TrackedSocket): void {
  const request = this[receiving];
  if (request === undefined) return;
  this[receiving] = undefined;
  this[countAnswer]?.(request, CLOSED_BEFORE_ANSWER);
}

/** From the route's onResponse: the request is answered, and its connection must not keep it (nor its body) while idle, nor count it when it closes. */
export function stopTracking(request: FastifyRequest): void {
  const socket = request.raw.socket as TrackedSocket;
  // A pipelined request on the same connection may already have replaced it.
  if (socket[receiving] === request) socket[receiving] = undefined;
}

/**
 * Counts and logs, as its route does, an answer Node gave on `socket` to a tracked request whose body had
 * not all arrived. Any other request Node answers (headers that never end, too large or malformed) has no
 * known route yet, and is not counted.
 */
export function answeredByNode(socket: Socket, status: number, code: ProblemCode): void {
  const tracked = socket as TrackedSocket;
  const request = tracked[receiving];
  // A complete body: the error is about a later request on the connection, not this one.
  if (request === undefined || request.raw.complete) return;
  tracked[receiving] = undefined;
  setProblemCode(request, code);
  tracked[countAnswer]?.(request, status);
}
