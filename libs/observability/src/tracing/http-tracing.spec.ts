import { connect } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerHttpTracing } from './http-tracing';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';
import { initTracing } from './init-tracing';

const INCOMING_TRACE = '0af7651916cd43dd8448eb211c80319c';
const INCOMING_SPAN = 'b7ad6b7169203331';
const HOOK_KEY = 'prod-secret-0123456789abcdef';

describe('registerHttpTracing (real Fastify on loopback)', () => {
  let tracing: InMemoryTracing;
  let fastify: FastifyInstance;
  let url: string;
  let activeInHandler: string | undefined;
  let slowEntered: (() => void) | undefined;
  let slowReleased: Promise<void>;

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    fastify = Fastify();
    expect(registerHttpTracing(fastify, { secrets: [HOOK_KEY] })).toBe(true);
    fastify.post<{ Params: { id: string } }>('/items/:id', async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
      return { id: request.params.id, got: request.body };
    });
    fastify.post('/slow', async () => {
      slowEntered?.();
      await slowReleased;
      return { ok: true };
    });
    fastify.get('/healthz', async () => ({ status: 'ok' }));
    fastify.get('/boom', async () => {
      throw Object.assign(new Error('handler failed with key s3cr3t-key-in-message'), { code: 'DEMO.FAILED' });
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

  it('is not switched off by a caller: a traceparent with the sampled flag clear starts a trace of ours, linked to it', async () => {
    const response = await fetch(`${url}/items/7`, {
      method: 'POST',
      headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-00`, tracestate: 'vendor=caller-chosen', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const [span] = await ended(1);
    expect(span.spanContext().traceId).not.toBe(INCOMING_TRACE);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links.map((link) => link.context.spanId)).toEqual([INCOMING_SPAN]);
    expect(activeInHandler).toBe(span.spanContext().spanId);
  });

  it('does not carry on the tracestate a caller sends', async () => {
    await fetch(`${url}/items/8`, { method: 'POST', headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01`, tracestate: 'vendor=caller-chosen' }, body: '' });
    const [span] = await ended(1);
    expect(span.spanContext().traceId).toBe(INCOMING_TRACE);
    expect(span.spanContext().traceState).toBeUndefined();
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
    // Only the error's stable code is recorded: its message may quote request data or a credential.
    expect(JSON.stringify(boom.events)).toContain('DEMO.FAILED');
    expect(JSON.stringify(boom.events)).not.toContain('s3cr3t-key-in-message');
    expect(missing.attributes['http.response.status_code']).toBe(404);
    expect(missing.status.code).toBe(SpanStatusCode.UNSET);
  });

  /**
   * Spies on end() of the SDK's span class, which exports a span once however often it is ended: the
   * calls whose `this` is a span say how often our code ended it.
   */
  function spyOnSpanEnd() {
    const probe = trace.getTracer('probe').startSpan('probe');
    probe.end();
    tracing.reset();
    return jest.spyOn(Object.getPrototypeOf(probe) as { end(): void }, 'end');
  }

  /** Sends `head` and `body` on a raw connection once the /slow handler runs (or the body is cut short), then hangs up. */
  async function hangUpOnSlow(contentLength: number, body: string) {
    let release!: () => void;
    slowReleased = new Promise((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => (slowEntered = resolve));
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n${body}`);
    if (body.length === contentLength) await entered;
    else await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    return release;
  }

  it('ends the span as failed when the client hangs up after the whole request, while the handler still works', async () => {
    const end = spyOnSpanEnd();
    try {
      const release = await hangUpOnSlow(7, '{"a":1}');
      const [span] = await ended(1);
      expect(span?.name).toBe('POST /slow');
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'connection closed before the response' });
      // The handler finishing afterwards ends nothing a second time (the SDK would still export it once).
      release();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(end.mock.contexts.filter((ended) => ended === span).length).toBe(1);
    } finally {
      end.mockRestore();
    }
  });

  it('ends the span as failed when the client hangs up before the body is complete', async () => {
    const release = await hangUpOnSlow(100, '{"a"');
    const spans = await ended(1);
    release();
    expect(spans.map((span) => [span.name, span.status])).toEqual([['POST /slow', { code: SpanStatusCode.ERROR, message: 'client aborted the request' }]]);
  });

  it('ends the span of a request answered in full once, with the status sent', async () => {
    slowReleased = Promise.resolve();
    expect((await fetch(`${url}/slow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    await ended(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tracing.spans().map((span) => [span.attributes['http.response.status_code'], span.status.code])).toEqual([[200, SpanStatusCode.UNSET]]);
  });

  it('records a path without the hook key a mistyped URL put in it', async () => {
    for (const path of [`/hooks/azure-devops&code=${HOOK_KEY}`, `/hooks/azure-devops;code=${HOOK_KEY}`, `/hooks/${HOOK_KEY}`]) {
      expect((await fetch(`${url}${path}`)).status).toBe(404);
    }
    const spans = await ended(3);
    expect(spans.map((span) => span.attributes['url.path'])).toEqual(['/hooks/azure-devops&code=[REDACTED]', '/hooks/azure-devops;code=[REDACTED]', '/hooks/[REDACTED]']);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(HOOK_KEY);
  });

  it('records a user agent without the hook key or credential a caller put in it', async () => {
    for (const userAgent of [`deploy-script/1.0 key ${HOOK_KEY}`, 'probe Bearer abc123secretvalue']) {
      expect((await fetch(`${url}/nowhere`, { headers: { 'user-agent': userAgent } })).status).toBe(404);
    }
    const spans = await ended(2);
    expect(spans.map((span) => span.attributes['user_agent.original'])).toEqual(['deploy-script/1.0 key [REDACTED]', 'probe Bearer [REDACTED]']);
  });
});

describe('registerHttpTracing after a slower onResponse hook, through inject', () => {
  it('ends the span once with the status sent, although the response closes before our onResponse runs', async () => {
    const tracing = startInMemoryTracing();
    const fastify = Fastify();
    try {
      fastify.addHook('onResponse', async () => new Promise((resolve) => setTimeout(resolve, 20)));
      registerHttpTracing(fastify);
      fastify.get('/items', async () => ({ ok: true }));
      expect((await fastify.inject({ method: 'GET', url: '/items' })).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(tracing.spans().map((span) => [span.attributes['http.response.status_code'], span.status.code])).toEqual([[200, SpanStatusCode.UNSET]]);
    } finally {
      await fastify.close();
      await tracing.shutdown();
    }
  });
});

describe('registerHttpTracing without a tracer provider (tracing off, as deployed by default)', () => {
  let fastify: FastifyInstance;
  let tracing: InMemoryTracing | undefined;

  beforeEach(() => {
    fastify = Fastify();
  });
  afterEach(async () => {
    await fastify.close();
    await tracing?.shutdown();
    tracing = undefined;
  });

  async function serve(): Promise<{ url: string; activeSpan: () => string | undefined }> {
    let active: string | undefined;
    fastify.post('/hooks', async () => {
      active = trace.getActiveSpan()?.spanContext().traceId;
      return { ok: true };
    });
    const url = await fastify.listen({ host: '127.0.0.1', port: 0 });
    return { url, activeSpan: () => active };
  }

  it('adds no hook when initTracing left tracing off: requests are served with no span, even with a traceparent', async () => {
    expect(initTracing({ service: 'ingress', env: {} }).enabled).toBe(false);
    expect(registerHttpTracing(fastify)).toBe(false);
    const { url, activeSpan } = await serve();
    const response = await fetch(`${url}/hooks`, { method: 'POST', headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01` } });
    expect(response.status).toBe(200);
    // A hook with a no-op tracer would still have made the incoming trace id active in the handler.
    expect(activeSpan()).toBeUndefined();
  });

  it('stays off when a provider is installed only afterwards, so it must be called after initTracing', async () => {
    expect(registerHttpTracing(fastify)).toBe(false);
    tracing = startInMemoryTracing();
    const { url } = await serve();
    expect((await fetch(`${url}/hooks`, { method: 'POST' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tracing.spans()).toEqual([]);
  });

  it('follows an explicit enabled flag over what is installed', async () => {
    tracing = startInMemoryTracing();
    expect(registerHttpTracing(fastify, { enabled: false })).toBe(false);
    const { url } = await serve();
    expect((await fetch(`${url}/hooks`, { method: 'POST' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tracing.spans()).toEqual([]);
  });
});
