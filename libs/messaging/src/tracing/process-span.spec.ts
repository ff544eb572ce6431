import { SpanKind, SpanStatusCode, context, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import type { InboundMessage } from '../bus/bus.port';
import { withProcessSpan } from './process-span';
import { withPublishSpan } from './publish-span';
import type { EventEnvelope } from '@switchyard/contracts';

const PRODUCER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PRODUCER_SPAN = '00f067aa0ba902b7';
const traceparent = `00-${PRODUCER_TRACE}-${PRODUCER_SPAN}-01`;

const message = (applicationProperties: Record<string, unknown>, body: unknown = { type: 't.v1' }): InboundMessage => ({
  messageId: 'm-1',
  body,
  applicationProperties,
  deliveryCount: 2,
  enqueuedTime: new Date(),
  topic: 'releases',
  subscription: 'badge-renderer',
});

describe('consumer and producer spans', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => (tracing = startInMemoryTracing()));
  afterAll(() => tracing.shutdown());
  beforeEach(() => tracing.reset());

  it('parents the CONSUMER span on the traceparent the message carries, not on whatever span happens to be active', async () => {
    const unrelated = trace.getTracer('test').startSpan('unrelated');
    let handlerSpanId: string | undefined;
    await context.with(trace.setSpan(context.active(), unrelated), () =>
      withProcessSpan('servicebus', message({ traceparent, tracestate: 'vendor=1' }), 't.v1', async () => {
        handlerSpanId = trace.getActiveSpan()?.spanContext().spanId;
        return { kind: 'complete' };
      }),
    );
    unrelated.end();
    const [span] = tracing.spans().filter((s) => s.kind === SpanKind.CONSUMER);
    expect(span.name).toBe('process t.v1');
    expect(span.spanContext().traceId).toBe(PRODUCER_TRACE);
    expect(span.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(span.spanContext().traceState?.serialize()).toBe('vendor=1');
    expect(handlerSpanId).toBe(span.spanContext().spanId);
    expect(span.attributes).toMatchObject({ 'messaging.system': 'servicebus', 'messaging.servicebus.message.delivery_count': 2 });
  });

  it.each([
    ['Diagnostic-Id (set by other Service Bus clients)', { 'Diagnostic-Id': traceparent }, { type: 't.v1' }],
    ['the envelope when properties carry none', {}, { type: 't.v1', traceparent }],
  ])('falls back to %s', async (_, properties, body) => {
    await withProcessSpan('servicebus', message(properties, body), 't.v1', async () => ({ kind: 'complete' }));
    expect(tracing.spans()[0].parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
  });

  it('starts a new trace for a message without trace context, and records an abandon as an error with the code only', async () => {
    const failure = Object.assign(new Error('503 from upstream'), { code: 'AZURE_DEVOPS.UNAVAILABLE' });
    await withProcessSpan('servicebus', message({}), undefined, async () => ({ kind: 'abandon', error: failure }));
    const [span] = tracing.spans();
    expect(span.name).toBe('process releases');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'abandoned: AZURE_DEVOPS.UNAVAILABLE' });
    expect(span.attributes['switchyard.settlement']).toBe('abandoned');
  });

  it('records exceptions by class and code only: a message or stack may quote a secret', async () => {
    const leaky = Object.assign(new Error('token s3cr3t-in-message refused'), { code: 'AZURE_DEVOPS.UNAUTHORIZED' });
    await withProcessSpan('servicebus', message({}), undefined, async () => ({ kind: 'abandon', error: leaky }));
    await expect(withProcessSpan('servicebus', message({}), undefined, async () => Promise.reject(leaky))).rejects.toBe(leaky);
    const recorded = JSON.stringify(tracing.spans().map((span) => span.events));
    expect(recorded).toContain('AZURE_DEVOPS.UNAUTHORIZED');
    expect(recorded).not.toContain('s3cr3t-in-message');
  });

  it('carries W3C trace context on messages even when the global propagator writes another format (OTEL_PROPAGATORS=b3)', async () => {
    const b3Only: TextMapPropagator = {
      inject: (ctx, carrier, setter) => {
        const spanContext = trace.getSpanContext(ctx);
        if (spanContext) setter.set(carrier, 'b3', `${spanContext.traceId}-${spanContext.spanId}-1`);
      },
      extract: (ctx) => ctx,
      fields: () => ['b3'],
    };
    propagation.disable();
    propagation.setGlobalPropagator(b3Only);
    try {
      const event = { id: 'e-b3', type: 't.v1', source: 'urn:x' } as EventEnvelope;
      let sent: EventEnvelope | undefined;
      await withPublishSpan('servicebus', 'releases', event, async (traced) => void (sent = traced));
      const producer = tracing.spans().find((span) => span.kind === SpanKind.PRODUCER);
      expect(sent?.traceparent).toBe(`00-${producer?.spanContext().traceId}-${producer?.spanContext().spanId}-01`);
    } finally {
      await tracing.shutdown();
      tracing = startInMemoryTracing();
    }
  });

  it('stamps the PRODUCER span context into the envelope it sends, and leaves the event alone with tracing off', async () => {
    const event = { id: 'e-1', type: 't.v1', source: 'urn:x', correlationId: 'c-1' } as EventEnvelope;
    let sent: EventEnvelope | undefined;
    await withPublishSpan('servicebus', 'releases', event, async (traced) => void (sent = traced));
    const [span] = tracing.spans();
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(sent?.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(event.traceparent).toBeUndefined();

    await tracing.shutdown();
    try {
      const withIncoming = { ...event, traceparent };
      await withPublishSpan('servicebus', 'releases', withIncoming, async (traced) => void (sent = traced));
      expect(sent).toBe(withIncoming);
    } finally {
      tracing = startInMemoryTracing();
    }
  });
});
