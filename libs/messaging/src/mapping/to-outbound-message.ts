import type { EventEnvelope } from '@switchyard/contracts';
import type { OutboundMessage } from '../publisher/outbound-message';

/**
 * Maps an envelope to a broker message: messageId = envelope id (duplicate detection),
 * subject = event type (subscription filters), CloudEvents attributes as `cloudEvents:*`
 * properties (the CloudEvents AMQP binding) and W3C trace context for distributed tracing.
 * `Diagnostic-Id` repeats the traceparent because that is the property the Service Bus SDK's own
 * tracing reads (and it then leaves the message as it is instead of stamping its own).
 */
export function toOutboundMessage(event: EventEnvelope): OutboundMessage {
  const applicationProperties: Record<string, string> = {
    'cloudEvents:specversion': event.specversion,
    'cloudEvents:id': event.id,
    'cloudEvents:type': event.type,
    'cloudEvents:source': event.source,
    'cloudEvents:time': event.time,
  };
  if (event.subject !== undefined) applicationProperties['cloudEvents:subject'] = event.subject;
  if (event.traceparent !== undefined) {
    applicationProperties['traceparent'] = event.traceparent;
    applicationProperties['Diagnostic-Id'] = event.traceparent;
  }
  if (event.tracestate !== undefined) applicationProperties['tracestate'] = event.tracestate;
  return {
    messageId: event.id,
    subject: event.type,
    correlationId: event.correlationId,
    contentType: 'application/json',
    body: event,
    applicationProperties,
  };
}
