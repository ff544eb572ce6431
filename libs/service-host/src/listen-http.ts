import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Initialises the app and listens through Fastify rather than `app.listen`, which logs a failed
 * listen (EADDRINUSE, a HOST that does not resolve) as a raw error line of its own before rejecting:
 * the caller explains the failure once, in terms of HOST and PORT (explainListenFailure).
 */
export async function listenHttp(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  await app.init();
  await app.getHttpAdapter().getInstance().listen({ port, host });
}
