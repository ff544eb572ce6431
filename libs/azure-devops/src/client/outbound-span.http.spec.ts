import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import { PROJECT, startHarness, type Harness } from '../spec-support/harness';

describe('CLIENT spans on Azure DevOps calls (test server on loopback)', () => {
  let h: Harness;
  let tracing: InMemoryTracing | undefined;

  beforeEach(async () => {
    h = await startHarness({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Deploy', id: 25 });
  });
  afterEach(async () => {
    await h.ado.close();
    await tracing?.shutdown();
    tracing = undefined;
  });

  const underSpan = async <T>(run: () => Promise<T>) => {
    const parent = trace.getTracer('test').startSpan('process event', { kind: SpanKind.CONSUMER });
    try {
      return { parent, result: await context.with(trace.setSpan(context.active(), parent), run) };
    } finally {
      parent.end();
    }
  };

  it('makes each request a child CLIENT span, sends its traceparent, and records method, URL without query, status', async () => {
    tracing = startInMemoryTracing();
    const { parent } = await underSpan(() => h.org().findBuildDefinition(PROJECT, 'Deploy'));
    const clients = tracing.spans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(clients.length).toBe(h.ado.calls.length);
    for (const [i, call] of h.ado.calls.entries()) {
      const span = clients[i];
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(call.headers['traceparent']).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      expect(span.attributes).toMatchObject({ 'http.request.method': call.method, 'url.full': `${h.ado.url}${call.path}`, 'http.response.status_code': 200 });
    }
    const lookup = clients.find((span) => String(span.attributes['url.full']).endsWith('/_apis/build/definitions'));
    expect(lookup).toBeDefined();
    expect(JSON.stringify(clients.map((span) => span.attributes))).not.toMatch(/api-version|name=Deploy|\?/);
  });

  it('gives every retry its own span with the resend count, failed attempts marked as errors', async () => {
    await h.org().findBuildDefinition(PROJECT, 'Deploy'); // discovery cached: only the lookup is traced below
    tracing = startInMemoryTracing();
    h.ado.inject({ path: '/_apis/build/definitions', status: 503, times: 1 });
    await underSpan(() => h.org().findBuildDefinition(PROJECT, 'Other'));
    const lookups = tracing.spans().filter((span) => String(span.attributes['url.full']).endsWith('/_apis/build/definitions'));
    expect(lookups.map((span) => [span.attributes['http.response.status_code'], span.attributes['http.request.resend_count'], span.status.code])).toEqual([
      [503, undefined, SpanStatusCode.ERROR],
      [200, 1, SpanStatusCode.UNSET],
    ]);
    const sent = h.ado.callsMatching('/_apis/build/definitions').slice(-2).map((call) => call.headers['traceparent']);
    expect(new Set(sent).size).toBe(2);
  });

  it("marks a 203 (Azure DevOps' answer to a rejected token) as a failed span, as the client fails the call", async () => {
    await h.org().findBuildDefinition(PROJECT, 'Deploy');
    tracing = startInMemoryTracing();
    h.ado.inject({ path: '/_apis/build/definitions', status: 203, times: 1 });
    await underSpan(() => h.org().findBuildDefinition(PROJECT, 'Other')).catch(() => undefined);
    const [lookup] = tracing.spans().filter((span) => String(span.attributes['url.full']).endsWith('/_apis/build/definitions'));
    expect(lookup?.status.code).toBe(SpanStatusCode.ERROR);
    expect(lookup?.attributes['error.type']).toBe('203');
  });

  it('sends no trace header when tracing is off', async () => {
    await h.org().findBuildDefinition(PROJECT, 'Deploy');
    expect(h.ado.calls.every((call) => call.headers['traceparent'] === undefined)).toBe(true);
  });
});
