import type { IncomingHttpHeaders } from 'node:http';
import {
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scrubText } from '../logging/secret-redaction';

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key.toLowerCase()],
};

export interface HttpTracingOptions {
  tracerName?: string;
  /** Paths (without query) that get no span: probes and scrapes would drown the traces. */
  ignorePaths?: readonly string[];
  /**
   * Whether to trace at all. By default: when a tracer provider is installed (initTracing with an
   * exporter, or a test's in-memory one); otherwise no hook is added and requests cost nothing extra.
   */
  enabled?: boolean;
  /**
   * Secrets that may turn up in a path (a hook key in a mistyped URL such as `/hooks/x&code=<key>`)
   * or a user agent: `url.path` and `user_agent.original` are recorded scrubbed of them and of the
   * usual patterns, as log lines are.
   */
  secrets?: readonly string[];
}

const DEFAULT_IGNORED_PATHS = ['/healthz', '/readyz', '/metrics'];

interface RequestTrace {
  span: Span;
  context: Context;
}

const traces = new WeakMap<FastifyRequest['raw'], RequestTrace>();

/**
 * The context a request's span starts in. A sampled incoming `traceparent` is continued (a proxy or a
 * test following one event); its `tracestate` is not carried on, since anyone can send it. A caller
 * cannot switch tracing off: a `traceparent` whose sampled flag is clear starts a new trace of ours,
 * linked to the caller's, instead of making the default parent-based sampler drop the whole chain.
 */
function parentOf(headers: IncomingHttpHeaders): { parent: Context; links: Link[] } {
  const remote = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, headers, headerGetter));
  if (!remote || !isSpanContextValid(remote)) return { parent: ROOT_CONTEXT, links: [] };
  if ((remote.traceFlags & TraceFlags.SAMPLED) === 0) return { parent: ROOT_CONTEXT, links: [{ context: remote }] };
  return { parent: trace.setSpanContext(ROOT_CONTEXT, { traceId: remote.traceId, spanId: remote.spanId, traceFlags: remote.traceFlags, isRemote: true }), links: [] };
}

/**
 * One SERVER span per request on this Fastify instance (Nest: `app.getHttpAdapter().getInstance()`),
 * continuing a sampled incoming `traceparent` (see parentOf). The request's handlers run inside it,
 * so what they publish becomes its child. Only the path is recorded, never the query string: hook keys travel in `?code=`.
 * Call before `listen()` and after `initTracing()`: without a tracer provider installed by then it
 * adds no hook at all. Returns whether it traces.
 */
export function registerHttpTracing(fastify: FastifyInstance, options: HttpTracingOptions = {}): boolean {
  if (!(options.enabled ?? isTracerProviderInstalled())) return false;
  const tracer = trace.getTracer(options.tracerName ?? '@switchyard/observability');
  const ignored = new Set(options.ignorePaths ?? DEFAULT_IGNORED_PATHS);
  const secrets = options.secrets ?? [];

  fastify.addHook('onRequest', (request, reply, done) => {
    const path = pathOf(request.url);
    if (ignored.has(path)) return done();
    const { parent, links } = parentOf(request.headers);
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        links,
        attributes: {
          'http.request.method': request.method,
          'url.path': scrubText(path, secrets),
          'url.scheme': request.protocol,
          ...(route ? { 'http.route': route } : {}),
          // Sent by the caller like the path, so scrubbed like it: a script may put a credential in it.
          ...(request.headers['user-agent'] ? { 'user_agent.original': scrubText(request.headers['user-agent'], secrets) } : {}),
          'client.address': request.ip,
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    traces.set(request.raw, { span, context: active });
    // Body-stream events fire in the socket's context; binding keeps them (and the handler) in ours.
    context.bind(active, request.raw);
    context.bind(active, reply.raw);
    // Fastify runs onResponse only once a response is sent ('finish'), and onRequestAbort only for a
    // body cut short: a client hanging up while the handler still works would leave the span open.
    let sent = false;
    reply.raw.once('finish', () => (sent = true));
    reply.raw.once('close', () => {
      if (sent) return; // onResponse ends it with the status, maybe after other hooks that are slower
      const found = take(request.raw);
      if (!found) return;
      found.span.setStatus({ code: SpanStatusCode.ERROR, message: request.raw.complete ? 'connection closed before the response' : 'client aborted the request' });
      found.span.end();
    });
    context.with(active, done);
  });

  // Re-entered just before the handler, in case a body parser left the context.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const found = traces.get(request.raw);
    if (found) context.with(found.context, done);
    else done();
  });

  fastify.addHook('onError', (request, _reply, error, done) => {
    // The error's name and stable code only: a message can quote request data or a credential.
    const code = (error as { code?: unknown }).code;
    traces.get(request.raw)?.span.recordException({ name: error.name, message: typeof code === 'string' ? code : error.name });
    done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const found = take(request.raw);
    if (found) finish(found.span, reply.statusCode);
    done();
  });
  return true;
}

/** The request's trace, removed so that its span is ended once, by whichever of response or hang-up comes first. */
function take(raw: FastifyRequest['raw']): RequestTrace | undefined {
  const found = traces.get(raw);
  traces.delete(raw);
  return found;
}

// What the API hands out before any provider is registered (a module singleton, so comparable).
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();

/** Whether spans would go anywhere: the global provider is not the API's proxy without a delegate. */
function isTracerProviderInstalled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_TRACER_PROVIDER);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function finish(span: Span, status: number): void {
  span.setAttribute('http.response.status_code', status);
  // 4xx is the client's problem; only server errors mark the span failed.
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
  span.end();
}
