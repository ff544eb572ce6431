export { initTracing, type InitTracingOptions, type Tracing } from './init-tracing';
export { tracingConfigFromEnv, TracingConfigError, type TracingConfig } from './tracing-config';
export { registerHttpTracing, type HttpTracingOptions } from './http-tracing';
export { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';
export { traceLogFields } from './trace-log-fields';
export { injectTraceCarrier, traceContextOfCarrier, type TraceCarrier } from './w3c-trace-context';
