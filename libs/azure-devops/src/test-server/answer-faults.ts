import type { ServerResponse } from 'node:http';
import { encodeAnswer } from './http-io';
import type { RouteResult } from './route-context';

/**
 * Sends the first `bytes` bytes of the answer's body under a Content-Length for all of it, then drops
 * the connection: the client gets a 2xx status and a body cut off in transit.
 */
export function sendTruncated(response: ServerResponse, result: RouteResult, bytes: number): void {
  const answer = encodeAnswer(result);
  const body = answer.body ?? Buffer.alloc(0);
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  response.write(body.subarray(0, Math.max(0, Math.min(bytes, body.length - 1))), () => response.socket?.destroy());
}

/**
 * Sends the answer's body one byte every `intervalMs` ms. The connection is never idle for long, so
 * only a total deadline on the client's side ends the wait. Stops when the client goes away.
 */
export async function sendTrickling(response: ServerResponse, result: RouteResult, intervalMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  const answer = encodeAnswer(result);
  const body = answer.body ?? Buffer.alloc(0);
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  response.flushHeaders();
  for (const byte of body) {
    await sleep(intervalMs);
    if (response.destroyed || response.writableEnded) return;
    response.write(Buffer.of(byte));
  }
  if (!response.destroyed) response.end();
}
