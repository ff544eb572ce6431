import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Initialises the app and listens through Fastify rather than `app.listen`, which logs a failed
 * listen (EADDRINUSE, a HOST that does not resolve) as a raw error line of its own before rejecting:
 * the caller explains the failure once, in terms of HOST and PORT (explainListenFailure).
 * Resolves with the URL to reach it from this machine (127.0.0.1 when it listens on every interface).
 */
export async function listenHttp(app: NestFastifyApplication, port: number, host: string): Promise<string> {
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.listen({ port, host });
  const address = fastify.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${bound}`;
}
