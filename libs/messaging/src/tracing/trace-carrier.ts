import { ROOT_CONTEXT, defaultTextMapSetter, type Context, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** The W3C trace context a message carries: the same pair in the envelope and in its application properties. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => (key === 'traceparent' || key === 'tracestate' ? carrier[key] : undefined),
};

/**
 * Messages carry W3C trace context whatever OTEL_PROPAGATORS says (it is the contract's wire format, and
 * what Service Bus tooling reads): a global propagator without tracecontext (e.g. b3 alone) would
 * write fields the message does not carry, and every consumer would start a trace of its own.
 */
const w3c = new W3CTraceContextPropagator();

/** The trace context of `ctx` as W3C fields (none when `ctx` holds no span). */
export function injectTraceCarrier(ctx: Context): TraceCarrier {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
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
  return w3c.extract(ROOT_CONTEXT, carrier, getter);
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.length > 0);
}
