import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A stand-in Event Grid topic on 127.0.0.1: records every request and answers with the scripted
 * statuses in order (200 once the script is used up). `hang` makes it accept and never answer.
 * `invalidIds`: like Event Grid, a request with any of these events in it is refused whole (400).
 */
export async function startLoopbackReceiver(script: { statuses?: number[]; hang?: boolean; invalidIds?: string[] } = {}) {
  const statuses = [...(script.statuses ?? [])];
  const requests: ReceivedRequest[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      waiters.splice(0).forEach((wake) => wake());
      if (script.hang) return;
      const body = requests[requests.length - 1]!.body;
      const invalid = (script.invalidIds ?? []).some((id) => (JSON.parse(body) as { id?: string }[]).some((event) => event.id === id));
      const status = invalid ? 400 : (statuses.shift() ?? 200);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '' : JSON.stringify({ error: { code: 'Boom', message: `scripted ${status}` } }));
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
