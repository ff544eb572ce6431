/** Injection token of the ServiceMetrics that `GET /metrics` renders. */
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');
