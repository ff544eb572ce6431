import type { ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import type { InboundMessage } from '../bus/bus.port';
import type { OutboundMessage } from '../publisher/outbound-message';

/** The SDK sends an object body as JSON bytes (a data section), readable by any Service Bus client. */
export function toServiceBusMessage(message: OutboundMessage): ServiceBusMessage {
  return {
    messageId: message.messageId,
    subject: message.subject,
    correlationId: message.correlationId,
    contentType: message.contentType,
    body: message.body,
    applicationProperties: message.applicationProperties,
  };
}

export function fromServiceBusMessage(message: ServiceBusReceivedMessage, topic: string, subscription: string, maxDeliveryCount?: number): InboundMessage {
  return {
    messageId: String(message.messageId ?? ''),
    body: decodeBody(message.body),
    subject: message.subject,
    correlationId: message.correlationId === undefined ? undefined : String(message.correlationId),
    applicationProperties: { ...(message.applicationProperties ?? {}) },
    // The AMQP delivery count counts earlier attempts (0 on the first delivery); ours counts this one too.
    deliveryCount: (message.deliveryCount ?? 0) + 1,
    enqueuedTime: message.enqueuedTimeUtc ?? new Date(),
    lockedUntil: message.lockedUntilUtc,
    topic,
    subscription,
    ...(maxDeliveryCount !== undefined && { maxDeliveryCount }),
  };
}

/** A body sent as raw bytes by another client is still JSON we can read. */
function decodeBody(body: unknown): unknown {
  if (Buffer.isBuffer(body)) {
    try {
      return JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      return undefined;
    }
  }
  return body;
}
