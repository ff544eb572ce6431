/** What a backend sends: the envelope JSON plus the broker properties routing and tracing read. */
export interface OutboundMessage {
  messageId: string;
  subject: string;
  correlationId: string;
  contentType: 'application/json';
  body: unknown;
  applicationProperties: Record<string, string>;
}

/** The part of a backend the publisher needs. */
export interface MessageSender {
  send(topic: string, message: OutboundMessage, scheduledEnqueueTime?: Date): Promise<void>;
}
