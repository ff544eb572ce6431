import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import { captureLogger } from '../../test/capture-logger';
import { startLoopbackReceiver } from '../../test/loopback-receiver';
import { outcomeEnvelope } from '../../test/outcome-envelope';
import { createOutcomePublisher } from './create-outcome-publisher';
import { EventGridOutcomePublisher } from './eventgrid-outcome-publisher';
import type { OutcomePublisher } from './outcome-publisher.port';

const key = 'eg-key-trace-7c1d9e2f';
const HOOK_A = { trace: '0af7651916cd43dd8448eb211c80319c', span: 'b7ad6b7169203331' };
const HOOK_B = { trace: '11111111111111111111111111111111', span: '2222222222222222' };
const traceparentOf = (hook: { trace: string; span: string }) => `00-${hook.trace}-${hook.span}-01`;

describe('EventGridOutcomePublisher and traces', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function topic(statuses: number[] = []) {
    const started = await startLoopbackReceiver({ statuses });
    cleanups.push(started.close);
    return started;
  }

  function publisher(endpoint: string, env: Record<string, string> = {}): OutcomePublisher {
    const created = createOutcomePublisher({ EVENTGRID_ENDPOINT: endpoint, EVENTGRID_KEY: key, ...env }, { backoff: { baseMs: 5, maxMs: 20 }, logger: captureLogger() });
    cleanups.push(() => created.close(1_000));
    return created;
  }

  describe('with tracing off', () => {
    it('sends the events as they are, with no trace header of its own', async () => {
      const receiver = await topic();
      const outcomes = publisher(receiver.endpoint);
      outcomes.publish(outcomeEnvelope('off-1'));
      await outcomes.flush();

      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0].headers['traceparent']).toBeUndefined();
      expect(JSON.parse(receiver.requests[0].body)[0].traceparent).toBe(traceparentOf(HOOK_A));
    });
  });

  describe('with tracing on', () => {
    let tracing: InMemoryTracing;
    beforeAll(() => {
      tracing = startInMemoryTracing({ azureSdk: true });
    });
    afterAll(() => tracing.shutdown());
    beforeEach(() => tracing.reset());

    const sendSpans = () => tracing.spans().filter((span) => span.instrumentationScope.name === '@switchyard/eventgrid');
    const childrenOf = (parent: ReadableSpan) => tracing.spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

    it("puts the send of a one-event batch in that event's trace, with the SDK's request under it", async () => {
      const receiver = await topic();
      const outcomes = publisher(receiver.endpoint);
      outcomes.publish(outcomeEnvelope('one', { tracestate: 'vendor=1' }));
      await outcomes.flush();

      const [send] = sendSpans();
      expect(send.name).toBe('send 127.0.0.1');
      expect(send.kind).toBe(SpanKind.CLIENT);
      expect(send.spanContext().traceId).toBe(HOOK_A.trace);
      expect(send.parentSpanContext?.spanId).toBe(HOOK_A.span);
      expect(send.spanContext().traceState?.serialize()).toBe('vendor=1');
      expect(send.attributes).toEqual({
        'messaging.system': 'eventgrid',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': '127.0.0.1',
        'messaging.batch.message_count': 1,
        'messaging.message.id': 'one',
        'server.address': '127.0.0.1',
        'server.port': Number(new URL(receiver.endpoint).port),
      });
      expect(send.status.code).toBe(SpanStatusCode.UNSET);

      const [sdkSend] = childrenOf(send);
      expect(sdkSend.name).toBe('EventGridPublisherClient.send');
      const [http] = childrenOf(sdkSend);
      expect(http.kind).toBe(SpanKind.CLIENT);
      // What Event Grid saw came from within the event's trace.
      expect(receiver.requests[0].headers['traceparent']).toBe(`00-${HOOK_A.trace}-${http.spanContext().spanId}-01`);
    });

    it("links the send of a larger batch to each event's trace, outside the trace of whichever publish started it", async () => {
      const receiver = await topic();
      const outcomes = publisher(receiver.endpoint);
      const activeTrace = trace.getTracer('test').startActiveSpan('hook C', (span) => {
        outcomes.publish(outcomeEnvelope('a'));
        outcomes.publish(outcomeEnvelope('b', { traceparent: traceparentOf(HOOK_B) }));
        outcomes.publish(outcomeEnvelope('untraced', { traceparent: undefined }));
        span.end();
        return span.spanContext().traceId;
      });
      await outcomes.flush();

      expect(receiver.requests).toHaveLength(1);
      const [send] = sendSpans();
      expect(send.parentSpanContext).toBeUndefined();
      expect([HOOK_A.trace, HOOK_B.trace, activeTrace]).not.toContain(send.spanContext().traceId);
      expect(send.attributes['messaging.batch.message_count']).toBe(3);
      expect(send.attributes['messaging.message.id']).toBeUndefined();
      expect(send.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId, attributes: link.attributes }))).toEqual([
        { traceId: HOOK_A.trace, spanId: HOOK_A.span, attributes: { 'messaging.message.id': 'a' } },
        { traceId: HOOK_B.trace, spanId: HOOK_B.span, attributes: { 'messaging.message.id': 'b' } },
      ]);
      const [sdkSend] = childrenOf(send);
      expect(sdkSend.name).toBe('EventGridPublisherClient.send');
      const [http] = childrenOf(sdkSend);
      // Each event still names its own trace to the subscribers; the SDK gives one without a trace
      // context the request's, which now lies in the send's trace.
      expect(JSON.parse(receiver.requests[0].body).map((event: { traceparent?: string }) => event.traceparent)).toEqual([
        traceparentOf(HOOK_A),
        traceparentOf(HOOK_B),
        `00-${send.spanContext().traceId}-${http.spanContext().spanId}-01`,
      ]);
    });

    it('marks a refused attempt failed with its status only, and traces the retry as a send of its own', async () => {
      const receiver = await topic([503]);
      const outcomes = publisher(receiver.endpoint, { EVENTGRID_MAX_ATTEMPTS: '2' });
      outcomes.publish(outcomeEnvelope('retried'));
      await outcomes.flush();

      expect(outcomes.stats()).toMatchObject({ delivered: 1, failedAttempts: 1 });
      const [failed, retried] = sendSpans();
      expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Event Grid send failed: 503' });
      expect(failed.attributes['error.type']).toBe('503');
      expect(retried.status.code).toBe(SpanStatusCode.UNSET);
      expect(retried.attributes['error.type']).toBeUndefined();
      expect([failed, retried].map((span) => span.spanContext().traceId)).toEqual([HOOK_A.trace, HOOK_A.trace]);
    });

    it('names a request that got no answer "network", and never records the access key', async () => {
      const receiver = await startLoopbackReceiver({ hang: true });
      cleanups.push(receiver.close);
      const outcomes = publisher(receiver.endpoint, { EVENTGRID_MAX_ATTEMPTS: '1', EVENTGRID_TIMEOUT_MS: '200' });
      outcomes.publish(outcomeEnvelope('hung'));
      await outcomes.flush();

      expect(outcomes.stats().dropped.retriesExhausted).toBe(1);
      const [send] = sendSpans();
      expect(send.attributes['error.type']).toBe('network');
      expect(receiver.requests[0].headers['aeg-sas-key']).toBe(key);
      const recorded = JSON.stringify(tracing.spans().map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, events: span.events, links: span.links })));
      expect(recorded).not.toContain(key);
    });

    it('gives the send span to a sender handed in directly too', async () => {
      let activeAtSend: string | undefined;
      const direct = new EventGridOutcomePublisher({
        send: async () => void (activeAtSend = trace.getActiveSpan()?.spanContext().spanId),
        endpoint: 'https://outcomes.westeurope-1.eventgrid.azure.net/api/events',
        batchSize: 100,
        queueLimit: 100,
        maxAttempts: 1,
        timeoutMs: 1_000,
        backoff: { baseMs: 1, maxMs: 1 },
        logger: { warn: () => undefined, error: () => undefined },
      });
      direct.publish(outcomeEnvelope('direct'));
      await direct.close();

      const [send] = sendSpans();
      expect(send.name).toBe('send outcomes.westeurope-1.eventgrid.azure.net');
      expect(send.attributes['server.port']).toBe(443);
      expect(activeAtSend).toBe(send.spanContext().spanId);
    });
  });
});
