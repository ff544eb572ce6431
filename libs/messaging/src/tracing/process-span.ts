import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import type { InboundMessage, Settlement } from '../bus/bus.port';
import type { MessagingSystem } from './messaging-system';
import { extractTraceContext } from './trace-carrier';
import { messagingTracer } from './tracer';

/** How a settlement is named on spans and metrics. */
export function outcomeOf(settlement: Settlement): 'completed' | 'abandoned' | 'dead-lettered' {
  if (settlement.kind === 'complete') return 'completed';
  return settlement.kind === 'abandon' ? 'abandoned' : 'dead-lettered';
}

/**
 * Runs the processing of one message inside a CONSUMER span `process <type>` whose parent is the
 * producer span named by the message's trace context, so whatever the handler does (publishing,
 * Azure DevOps and Blob calls) nests under it. The settlement is recorded on the span.
 */
export async function withProcessSpan(
  system: MessagingSystem,
  message: InboundMessage,
  type: string | undefined,
  process: () => Promise<Settlement>,
): Promise<Settlement> {
  const parent = extractTraceContext(message.applicationProperties, message.body);
  const span = messagingTracer().startSpan(
    `process ${type ?? message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.subscription.name': message.subscription,
        'messaging.message.id': message.messageId,
        'messaging.servicebus.message.delivery_count': message.deliveryCount,
        ...(message.correlationId ? { 'messaging.message.conversation_id': message.correlationId } : {}),
        ...(type ? { 'cloudevents.event_type': type } : {}),
      },
    },
    parent,
  );
  try {
    const settlement = await context.with(trace.setSpan(parent, span), process);
    recordSettlement(span, settlement);
    return settlement;
  } catch (error) {
    recordErrorCode(span, error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'processing failed' });
    throw error;
  } finally {
    span.end();
  }
}

function recordSettlement(span: Span, settlement: Settlement): void {
  span.setAttribute('switchyard.settlement', outcomeOf(settlement));
  if (settlement.kind === 'complete') {
    span.setAttribute('messaging.servicebus.disposition_status', 'complete');
    return;
  }
  if (settlement.kind === 'abandon') {
    span.setAttribute('messaging.servicebus.disposition_status', 'abandon');
    if (settlement.error !== undefined) recordErrorCode(span, settlement.error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: `abandoned: ${errorCode(settlement.error)}` });
    return;
  }
  span.setAttribute('messaging.servicebus.disposition_status', 'dead_letter');
  span.setAttribute('switchyard.dead_letter.reason', settlement.reason);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-lettered: ${settlement.reason}` });
}

/** An exception event with the error's class and code only: its message and stack may quote secrets. */
function recordErrorCode(span: Span, error: unknown): void {
  span.recordException({ name: error instanceof Error ? error.name : 'Error', message: errorCode(error) });
}

/** Only the error's code (or class) in the status: messages may carry details a trace should not. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}
