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
  /** `signal` aborts when the publisher gave up waiting: the backend stops sending (and retrying) then. */
  send(topic: string, message: OutboundMessage, scheduledEnqueueTime?: Date, signal?: AbortSignal): Promise<void>;
  /**
   * A backend that accepts or refuses a message before returning (the in-process bus) offers this;
   * it cannot hang, so the publisher arms no timeout for it. Throws instead of rejecting.
   */
  sendNow?(topic: string, message: OutboundMessage, scheduledEnqueueTime?: Date): void;
}
