import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request was read in full. */
  receivedAt: number;
}

/** One scripted answer: a status, a status with headers and body, or 'hang' (accept, never answer). */
export type ScriptedAnswer = number | 'hang' | { status: number; headers?: Record<string, string>; body?: string };

/**
 * A stand-in Event Grid topic on 127.0.0.1: records every request and answers with the scripted
 * answers in order (200 once the script is used up). `hang` makes it accept and never answer.
 * `invalidIds`: like Event Grid, a request with any of these events in it is refused whole (`refuseWith`, 400 by default).
 */
export async function startLoopbackReceiver(script: { statuses?: ScriptedAnswer[]; hang?: boolean; invalidIds?: string[]; refuseWith?: number } = {}) {
  const answers = [...(script.statuses ?? [])];
  const requests: ReceivedRequest[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, receivedAt: Date.now() });
      waiters.splice(0).forEach((wake) => wake());
      if (script.hang) return;
      const invalid = (script.invalidIds ?? []).some((id) => (JSON.parse(body) as { id?: string }[]).some((event) => event.id === id));
      const scripted = invalid ? (script.refuseWith ?? 400) : (answers.shift() ?? 200);
      if (scripted === 'hang') return;
      const { status, headers = {}, body: answer } = typeof scripted === 'number' ? { status: scripted } : scripted;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(answer ?? (status === 200 ? '' : JSON.stringify({ error: { code: 'Boom', message: `scripted ${status}` } })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/events`,
    requests,
    async waitForRequests(count: number): Promise<void> {
      while (requests.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An endpoint on which nothing listens: every connection is refused. */
export async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/events`;
}
