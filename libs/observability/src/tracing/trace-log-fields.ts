import { trace } from '@opentelemetry/api';

/**
 * `{ trace_id, span_id }` of the active span (empty when none), for a pino `mixin` so log lines can
 * be joined to traces.
 */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
