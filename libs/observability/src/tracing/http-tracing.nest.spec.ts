import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { registerHttpTracing } from './http-tracing';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';

const seen: (string | undefined)[] = [];

@Controller()
class HookController {
  @Post('hooks/azure-devops')
  @HttpCode(202)
  async receive(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.push(trace.getActiveSpan()?.spanContext().spanId);
  }
}

@Module({ controllers: [HookController] })
class HookModule {}

describe('registerHttpTracing on a Nest + Fastify app that keeps raw JSON bodies (as the ingress does)', () => {
  let tracing: InMemoryTracing;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    app = await NestFactory.create<NestFastifyApplication>(HookModule, new FastifyAdapter(), { logger: false, bodyParser: false });
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    registerHttpTracing(fastify);
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  it('runs the controller inside the request span, after the body was read', async () => {
    const response = await fetch(`${await app.getUrl()}/hooks/azure-devops?code=SECRET`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'build.complete', padding: 'x'.repeat(100_000) }),
    });
    expect(response.status).toBe(202);
    for (let i = 0; i < 100 && tracing.spans().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const [span] = tracing.spans();
    expect(span.name).toBe('POST /hooks/azure-devops');
    expect(seen).toEqual([span.spanContext().spanId]);
  });
});
