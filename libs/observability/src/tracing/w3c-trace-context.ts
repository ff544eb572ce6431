import { ROOT_CONTEXT, defaultTextMapSetter, trace, type Context, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** W3C trace context as messages and CloudEvents carry it: `traceparent` and `tracestate`. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => (key === 'traceparent' || key === 'tracestate' ? carrier[key] : undefined),
};

/**
 * Messages and events carry W3C trace context whatever OTEL_PROPAGATORS says (it is their wire format,
 * and what Service Bus and Event Grid tooling reads): a global propagator without tracecontext (e.g.
 * b3 alone) would write fields they do not carry, and every consumer would start a trace of its own.
 */
const w3c = new W3CTraceContextPropagator();

/** The trace context of `ctx` as W3C fields (none when `ctx` holds no span). */
export function injectTraceCarrier(ctx: Context): TraceCarrier {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] };
}

/** The context a carrier names, or undefined when it holds no valid `traceparent`. */
export function traceContextOfCarrier(carrier: TraceCarrier): Context | undefined {
  const extracted = w3c.extract(ROOT_CONTEXT, carrier, getter);
  return trace.getSpanContext(extracted) ? extracted : undefined;
}
