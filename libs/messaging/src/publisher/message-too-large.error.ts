/**
 * The bus refused a message for its size (Service Bus `MessageSizeExceeded`). Unlike
 * BusUnavailableError, retrying cannot cure it: the same message is refused every time.
 * Matched by `code`, so callers need no import of this class.
 */
export class MessageTooLargeError extends Error {
  readonly code = 'MESSAGING.MESSAGE_TOO_LARGE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessageTooLargeError';
  }
}

/** Whether a backend's send error says the message is over the bus's size limit. */
export function isMessageSizeExceeded(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  // @azure/service-bus: ServiceBusError with code MessageSizeExceeded (also thrown before sending,
  // when one message does not fit a batch); @azure/core-amqp names the AMQP condition MessageTooLargeError.
  return code === 'MessageSizeExceeded' || name === 'MessageTooLargeError' || code === 'MESSAGING.MESSAGE_TOO_LARGE';
}
