import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '@switchyard/contracts';
import { injectTraceCarrier } from '@switchyard/observability';
import type { MessagingSystem } from './messaging-system';
import { messagingTracer } from './tracer';

/**
 * Runs `send` inside a PRODUCER span `publish <topic>` (child of the caller's active span) and hands
 * it the event carrying that span's trace context, so the consumer's span becomes its child.
 * With tracing off the event is sent unchanged.
 */
export async function withPublishSpan(
  system: MessagingSystem,
  topic: string,
  event: EventEnvelope,
  send: (traced: EventEnvelope) => Promise<void>,
): Promise<void> {
  const span = messagingTracer().startSpan(`publish ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': system,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'publish',
      'messaging.destination.name': topic,
      'messaging.message.id': event.id,
      'messaging.message.conversation_id': event.correlationId,
      'cloudevents.event_id': event.id,
      'cloudevents.event_type': event.type,
      'cloudevents.event_source': event.source,
    },
  });
  const spanContext = trace.setSpan(context.active(), span);
  const carrier = injectTraceCarrier(spanContext);
  const traced = carrier.traceparent ? { ...event, traceparent: carrier.traceparent, tracestate: carrier.tracestate } : event;
  try {
    await context.with(spanContext, () => send(traced));
  } catch (error) {
    // The class and code only: a bus error's message may quote a connection string.
    const code = (error as { code?: unknown })?.code;
    span.recordException({ name: error instanceof Error ? error.name : 'Error', message: typeof code === 'string' ? code : 'publish failed' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'publish failed' });
    throw error;
  } finally {
    span.end();
  }
}
