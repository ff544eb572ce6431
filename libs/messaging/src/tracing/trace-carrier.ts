import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { traceContextOfCarrier } from '@switchyard/observability';

/**
 * The producer's context from a received message. Application properties win (they are what the
 * Service Bus tooling reads); the envelope's fields cover messages sent by other clients.
 */
export function extractTraceContext(applicationProperties: Record<string, unknown>, body: unknown): Context {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const carrier = {
    traceparent: firstString(applicationProperties['traceparent'], applicationProperties['Diagnostic-Id'], fromBody['traceparent']),
    tracestate: firstString(applicationProperties['tracestate'], fromBody['tracestate']),
  };
  return traceContextOfCarrier(carrier) ?? ROOT_CONTEXT;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.length > 0);
}
