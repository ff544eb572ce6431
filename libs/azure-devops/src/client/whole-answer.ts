import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { IHttpClientResponse } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';

/** The connection ended (or failed) before the whole body arrived. */
export class CutOffBody extends Error {
  override readonly name = 'CutOffBody';
  /** Completes "the body …" in an error message. */
  readonly problem: string;

  constructor(readonly received: number) {
    super(`the body was cut off after ${received} bytes`);
    this.problem = `was cut off after ${received} bytes`;
  }
}

/**
 * Reads the whole body of an answer within the attempt (so its deadline covers the body too) and puts
 * it back as a fresh stream with the same status and headers: typed-rest-client, or anyone reading
 * `message`, then reads it as if it were arriving now. A body that stops short throws CutOffBody,
 * unless `keepPartial` is set: then what arrived is handed on.
 */
export async function readWholeAnswer(response: IHttpClientResponse, options: { keepPartial: boolean }): Promise<void> {
  const message = response.message;
  const chunks: Buffer[] = [];
  let complete = true;
  try {
    for await (const chunk of message as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    complete = message.complete !== false;
  } catch {
    complete = false;
  }
  const bytes = Buffer.concat(chunks);
  if (!complete && !options.keepPartial) throw new CutOffBody(bytes.length);
  response.message = replay(message, bytes);
}

/**
 * Why a 2xx answer's body is not what the caller asked for (empty, or not the JSON it says it is),
 * or undefined when it is usable. Decoded the way typed-rest-client decodes it, which would turn
 * such a body into a `null` result, and then into an empty list.
 */
export async function unusableBody(response: IHttpClientResponse, method: string, accept: string): Promise<string | undefined> {
  const status = response.message.statusCode ?? 0;
  if (status < 200 || status >= 300 || status === 204 || status === 205 || method === 'HEAD') return undefined;
  const contentType = String(response.message.headers['content-type'] ?? '');
  const json = /json/i.test(contentType) || (!contentType && /json/i.test(accept));
  const original = response.message as Replayed;
  if (!json) {
    // typed-rest-client reads any 2xx body as JSON and turns what is not into `null`: a proxy's sign-in
    // or error page answered 200 would read as "no builds", "no definition" instead of failing.
    const bytes = original[BYTES]?.length ?? 0;
    return /json/i.test(accept) && bytes > 0 ? `was ${contentType.split(';')[0]?.trim()}, not the JSON asked for (${bytes} bytes; a sign-in or error page of a proxy in front of Azure DevOps?)` : undefined;
  }
  let text: string;
  try {
    text = await response.readBody();
  } catch {
    return 'could not be decoded';
  } finally {
    // readBody consumed the stream: put a fresh one back for the caller.
    response.message = replay(original, original[BYTES] ?? Buffer.alloc(0));
  }
  if (text.trim() === '') return method === 'GET' || method === 'OPTIONS' ? 'was empty' : undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    return `was not valid JSON (${Buffer.byteLength(text)} bytes; cut off?)`;
  }
}

const BYTES = Symbol('switchyard.azure-devops.answer-bytes');

type Replayed = IncomingMessage & { [BYTES]?: Buffer };

function replay(original: Replayed, bytes: Buffer): IncomingMessage {
  const stream = Readable.from(bytes.length > 0 ? [bytes] : []);
  return Object.assign(stream, {
    [BYTES]: bytes,
    statusCode: original.statusCode,
    statusMessage: original.statusMessage,
    headers: original.headers,
    rawHeaders: original.rawHeaders,
    trailers: original.trailers,
    httpVersion: original.httpVersion,
    complete: true,
    socket: original.socket,
  }) as unknown as IncomingMessage;
}
