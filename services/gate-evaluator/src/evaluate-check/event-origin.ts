import type { EventEnvelope } from '@switchyard/contracts';

/** What events published while handling a check carry over from the message that caused them. */
export interface EventOrigin {
  /** The id of the message being handled, for log lines. createEvent takes only envelope fields, so spreading an origin into it does not carry this over. */
  eventId: string;
  correlationId: string;
  traceparent?: string;
  tracestate?: string;
}

/** The correlation id and trace context of an event, so one check stays one trace and one correlation. */
export function originOf(event: EventEnvelope): EventOrigin {
  return {
    eventId: event.id,
    correlationId: event.correlationId,
    ...(event.traceparent !== undefined && { traceparent: event.traceparent }),
    ...(event.tracestate !== undefined && { tracestate: event.tracestate }),
  };
}
