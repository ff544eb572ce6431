import { ROOT_CONTEXT, propagation, type Context, type TextMapGetter } from '@opentelemetry/api';

/** The W3C trace context a message carries: the same pair in the envelope and in its application properties. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => (key === 'traceparent' || key === 'tracestate' ? carrier[key] : undefined),
};

/** The trace context of `ctx` as W3C fields, through the globally registered propagator (none → empty). */
export function injectTraceCarrier(ctx: Context): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] };
}

/**
 * The producer's context from a received message. Application properties win (they are what the
 * Service Bus tooling reads); the envelope's fields cover messages sent by other clients.
 */
export function extractTraceContext(applicationProperties: Record<string, unknown>, body: unknown): Context {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const carrier: TraceCarrier = {
    traceparent: firstString(applicationProperties['traceparent'], applicationProperties['Diagnostic-Id'], fromBody['traceparent']),
    tracestate: firstString(applicationProperties['tracestate'], fromBody['tracestate']),
  };
  return propagation.extract(ROOT_CONTEXT, carrier, getter);
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.length > 0);
}
