import { trace } from '@opentelemetry/api';

/**
 * Only the API is used here: with no SDK registered (tracing off) every span is a no-op, and the
 * process that calls initTracing decides where spans go.
 */
export const messagingTracer = () => trace.getTracer('@switchyard/messaging');
