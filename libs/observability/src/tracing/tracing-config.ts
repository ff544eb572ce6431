type Env = Record<string, string | undefined>;

/** A tracing variable that cannot work; names it, so the fix is obvious at start-up. */
export class TracingConfigError extends Error {
  readonly code = 'OBSERVABILITY.TRACING_CONFIG_INVALID';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'TracingConfigError';
  }
}

export interface TracingConfig {
  /** False when no exporter is configured: nothing is started and every span is a no-op. */
  enabled: boolean;
  serviceName: string;
  /** Why tracing is on or off, for the start-up log line. */
  reason: string;
  /** Let the SDK build exporters from OTEL_TRACES_EXPORTER (otlp, console, zipkin) instead of OTLP/HTTP. */
  exportersFromEnv: boolean;
  /** Where OTLP/HTTP spans go: the traces endpoint as given, or `<endpoint>/v1/traces`. */
  tracesUrl?: string;
}

const ENDPOINT_VARIABLES = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/**
 * Tracing is on when an OTLP endpoint or OTEL_TRACES_EXPORTER is set, and off when nothing is,
 * when OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true.
 */
export function tracingConfigFromEnv(service: string, env: Env = process.env): TracingConfig {
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || service;
  const off = (reason: string): TracingConfig => ({ enabled: false, serviceName, reason, exportersFromEnv: false });
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return off('OTEL_SDK_DISABLED=true');
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  if (exporters.includes('none')) return off('OTEL_TRACES_EXPORTER=none');
  for (const variable of ENDPOINT_VARIABLES) {
    const value = env[variable]?.trim();
    if (value && !/^https?:\/\/[^/\s]+/i.test(value)) {
      throw new TracingConfigError(variable, "must be an http(s) URL such as http://otel-collector:4318 (value not shown: it may carry credentials)");
    }
  }
  if (exporters.length > 0) return { enabled: true, serviceName, reason: `OTEL_TRACES_EXPORTER=${exporters.join(',')}`, exportersFromEnv: true };
  const tracesEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (tracesEndpoint) return { enabled: true, serviceName, reason: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set', exportersFromEnv: false, tracesUrl: tracesEndpoint };
  if (endpoint) {
    return { enabled: true, serviceName, reason: 'OTEL_EXPORTER_OTLP_ENDPOINT is set', exportersFromEnv: false, tracesUrl: `${endpoint.replace(/\/+$/, '')}/v1/traces` };
  }
  return off('no OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER');
}
