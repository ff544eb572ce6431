import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerHttpTracing } from './http-tracing';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';

const INCOMING_TRACE = '0af7651916cd43dd8448eb211c80319c';
const INCOMING_SPAN = 'b7ad6b7169203331';

describe('registerHttpTracing (real Fastify on loopback)', () => {
  let tracing: InMemoryTracing;
  let fastify: FastifyInstance;
  let url: string;
  let activeInHandler: string | undefined;

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    fastify = Fastify();
    registerHttpTracing(fastify);
    fastify.post<{ Params: { id: string } }>('/items/:id', async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
      return { id: request.params.id, got: request.body };
    });
    fastify.get('/healthz', async () => ({ status: 'ok' }));
    fastify.get('/boom', async () => {
      throw new Error('handler failed');
    });
    url = await fastify.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await fastify.close();
    await tracing.shutdown();
  });
  beforeEach(() => {
    tracing.reset();
    activeInHandler = undefined;
  });

  /** Spans end in onResponse, which may run just after the client has the response. */
  async function ended(count: number) {
    for (let i = 0; i < 200 && tracing.spans().length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return tracing.spans();
  }

  it('continues an incoming traceparent with a SERVER span that is active in the handler, after the body was read', async () => {
    const response = await fetch(`${url}/items/42?code=hook-key-SECRET`, {
      method: 'POST',
      headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01`, 'content-type': 'application/json' },
      body: JSON.stringify({ big: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBe(200);
    const [span] = await ended(1);
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.name).toBe('POST /items/:id');
    expect(span.spanContext().traceId).toBe(INCOMING_TRACE);
    expect(span.parentSpanContext?.spanId).toBe(INCOMING_SPAN);
    expect(activeInHandler).toBe(span.spanContext().spanId);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/items/:id',
      'url.path': '/items/42',
      'http.response.status_code': 200,
    });
    expect(JSON.stringify(span.attributes)).not.toContain('hook-key-SECRET');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('leaves health probes and metric scrapes untraced', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const spans = await ended(1);
    expect(spans.map((span) => span.attributes['url.path'])).toEqual(['/nowhere']);
  });

  it('starts a new trace without traceparent, and marks server errors failed but not client errors', async () => {
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const [boom, missing] = await ended(2);
    expect(boom.parentSpanContext).toBeUndefined();
    expect(boom.status).toEqual({ code: SpanStatusCode.ERROR, message: 'HTTP 500' });
    expect(boom.events.map((event) => event.name)).toContain('exception');
    expect(missing.attributes['http.response.status_code']).toBe(404);
    expect(missing.status.code).toBe(SpanStatusCode.UNSET);
  });
});
