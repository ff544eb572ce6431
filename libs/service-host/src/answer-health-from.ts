import type { ReadinessReport } from '@switchyard/observability';
import type { FastifyInstance } from 'fastify';

/** What GET /readyz and GET /metrics answer when one HTTP server speaks for several services. */
export interface HealthEndpoints {
  readiness(): Promise<ReadinessReport>;
  /** Prometheus text. */
  metrics(): Promise<string>;
  metricsContentType: string;
}

/**
 * Answers GET /readyz and GET /metrics from `endpoints` ahead of the app's own HealthController, with
 * its status codes and headers (200 or 503, no-store). Call before the app is initialised; other
 * onRequest hooks registered before this one (tracing, refusing requests while closing) still run first.
 */
export function answerHealthFrom(fastify: FastifyInstance, endpoints: HealthEndpoints): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === '/readyz') {
      const report = await endpoints.readiness();
      return reply
        .code(report.status === 'ready' ? 200 : 503)
        .header('cache-control', 'no-store')
        .send(report);
    }
    if (route === '/metrics') {
      const text = await endpoints.metrics();
      return reply.header('content-type', endpoints.metricsContentType).header('cache-control', 'no-store').send(text);
    }
    return undefined;
  });
}
