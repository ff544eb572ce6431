import { withoutCredentials } from '@switchyard/env-config';
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
  /** Let the SDK build the exporters OTEL_TRACES_EXPORTER names from the OTEL_* variables, instead of our OTLP exporter. */
  exportersFromEnv: boolean;
  /** How our OTLP exporter sends spans (when exportersFromEnv is false): OTEL_EXPORTER_OTLP_PROTOCOL, http/json by default. */
  protocol?: OtlpProtocol;
  /**
   * Where our OTLP exporter sends spans, the one URL the start-up line shows: for OTLP/HTTP the traces
   * endpoint as given or `<endpoint>/v1/traces`, for gRPC the endpoint as given.
   */
  tracesUrl?: string;
  /** Where spans go, without user info, query or fragment: safe to print. */
  shownUrl?: string;
  /** How much of the SDK's own diagnostics (export failures first) reaches stderr: OTEL_LOG_LEVEL, `warn` by default. */
  diagLevel: DiagLevel;
  /** The start-up line: on or off, why, and where spans go (no credentials). */
  summary: string;
}

/** OTEL_LOG_LEVEL values, as the OpenTelemetry specification names them (any case). */
export const DIAG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
export type DiagLevel = (typeof DIAG_LEVELS)[number];

const ENDPOINT_VARIABLES = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/** The OTEL_TRACES_EXPORTER values the Node SDK builds an exporter for; it compares them case-sensitively. */
const SDK_EXPORTERS = ['otlp', 'console', 'zipkin'];

/** The SDK reads the first of these that is set and not blank. */
const PROTOCOL_VARIABLES = ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'] as const;

/** The OTLP protocols the Node SDK has a trace exporter for, as it compares them (exactly). */
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/**
 * The protocol the OTLP exporter is to speak; undefined when none is set. For any other value the SDK
 * warns (through a diag logger not yet installed) and sends http/protobuf: to a gRPC port, every
 * export would fail. No other value can work, so it fails start-up instead.
 */
function protocolFromEnv(env: Env): OtlpProtocol | undefined {
  const variable = PROTOCOL_VARIABLES.find((name) => env[name]?.trim());
  if (!variable) return undefined;
  const value = env[variable] ?? '';
  if ((OTLP_PROTOCOLS as readonly string[]).includes(value)) return value as OtlpProtocol;
  throw new TracingConfigError(variable, `${JSON.stringify(value)} is not supported; use http/protobuf, http/json or grpc (lower case, no spaces)`);
}

const RESOURCE_ATTRIBUTES = 'OTEL_RESOURCE_ATTRIBUTES';
// The SDK's limit on a key or value; over it, the whole variable is ignored.
const MAX_RESOURCE_ATTRIBUTE_LENGTH = 255;

/**
 * OTEL_RESOURCE_ATTRIBUTES as the SDK's env detector parses it; undefined when it would ignore the
 * whole variable (an unencoded `=` or `,`, an empty key, a bad %-escape, a key or value too long).
 */
function resourceAttributesFromEnv(env: Env): Record<string, string> | undefined {
  const attributes: Record<string, string> = {};
  for (const entry of (env[RESOURCE_ATTRIBUTES] ?? '').split(',').filter((item) => item.trim())) {
    const parts = entry.split('=');
    if (parts.length !== 2 || !parts[0].trim()) return undefined;
    try {
      const [key, value] = parts.map((part) => decodeURIComponent(part.trim()));
      if (key.length > MAX_RESOURCE_ATTRIBUTE_LENGTH || value.length > MAX_RESOURCE_ATTRIBUTE_LENGTH) return undefined;
      attributes[key] = value;
    } catch {
      return undefined;
    }
  }
  return attributes;
}

/**
 * The SDK only warns (through a diag logger nobody installed) about a name it does not know, and
 * runs without that exporter: a typo such as `otlp-http` would turn tracing "on" with spans going
 * nowhere. No value it does not know can work, so it fails start-up instead. `none` in any case
 * works, as then nothing is started.
 */
function checkExporters(exporters: readonly string[]): void {
  const unknown = exporters.filter((name) => !SDK_EXPORTERS.includes(name) && name.toLowerCase() !== 'none');
  if (unknown.length === 0) return;
  // Jaeger has received OTLP since 1.35; the SDK dropped its Jaeger exporter.
  const hint = unknown.some((name) => name.toLowerCase() === 'jaeger') ? ' (Jaeger accepts OTLP: use otlp with OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318)' : '';
  throw new TracingConfigError(
    'OTEL_TRACES_EXPORTER',
    `"${unknown.join(',')}" is not supported; use otlp, console, zipkin or none (lower case, comma-separated)${hint}`,
  );
}

/**
 * Tracing is on when an OTLP endpoint or OTEL_TRACES_EXPORTER is set, and off when nothing is,
 * when OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true.
 */
export function tracingConfigFromEnv(service: string, env: Env = process.env): TracingConfig {
  const resourceAttributes = resourceAttributesFromEnv(env);
  // The specification's order: OTEL_SERVICE_NAME, then service.name among the resource attributes.
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || resourceAttributes?.['service.name'] || service;
  const off = (reason: string): TracingConfig => ({ enabled: false, serviceName, reason, exportersFromEnv: false, diagLevel: 'none', summary: `tracing off: ${reason}` });
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return off('OTEL_SDK_DISABLED=true');
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  checkExporters(exporters);
  if (exporters.some((name) => name.toLowerCase() === 'none')) return off('OTEL_TRACES_EXPORTER=none');
  for (const variable of ENDPOINT_VARIABLES) {
    const value = env[variable]?.trim();
    if (value && (!/^https?:\/\/[^/\s]+/i.test(value) || !URL.canParse(value))) {
      throw new TracingConfigError(variable, "must be an http(s) URL such as http://otel-collector:4318 (value not shown: it may carry credentials)");
    }
  }
  const tracesEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (exporters.length === 0 && !tracesEndpoint && !endpoint) return off('no OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER');
  // Read only when tracing is on: a variable without effect stops nothing.
  if (!resourceAttributes) {
    throw new TracingConfigError(
      RESOURCE_ATTRIBUTES,
      `must be comma-separated key=value pairs, with any "," or "=" inside a key or value percent-encoded (%2C, %3D) and each at most ${MAX_RESOURCE_ATTRIBUTE_LENGTH} characters; the OpenTelemetry SDK would ignore all of it`,
    );
  }
  const protocol = exporters.length === 0 || exporters.includes('otlp') ? protocolFromEnv(env) : undefined;
  const diagLevel = diagLevelFromEnv(env);
  if (exporters.length > 0) {
    const reason = `OTEL_TRACES_EXPORTER=${exporters.join(',')}`;
    const configured = tracesEndpoint || endpoint;
    const shownUrl = configured ? withoutCredentials(configured) : undefined;
    const where = shownUrl ? `, OTLP endpoint ${shownUrl}` : '';
    return { enabled: true, serviceName, reason, exportersFromEnv: true, shownUrl, diagLevel, summary: `tracing on (${reason}): the OpenTelemetry SDK builds the exporters from the OTEL_* variables${where}` };
  }
  const reason = tracesEndpoint ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set' : 'OTEL_EXPORTER_OTLP_ENDPOINT is set';
  // We build the exporter with this URL for every protocol: the SDK's own would read the raw variable,
  // untrimmed, and append /v1/traces after a query.
  const over = protocol ?? 'http/json';
  // gRPC takes the endpoint as given (lower-cased scheme: the exporter picks plain text by a case-sensitive
  // `http://`); OTLP/HTTP posts to `<endpoint>/v1/traces`.
  const tracesUrl = over === 'grpc' ? new URL((tracesEndpoint || endpoint) as string).href : tracesEndpoint || signalUrl(endpoint as string);
  const shownUrl = withoutCredentials(tracesUrl);
  const summary = `tracing on (${reason}): spans go to ${shownUrl} over ${PROTOCOL_NAMES[over]}`;
  return { enabled: true, serviceName, reason, exportersFromEnv: false, protocol: over, tracesUrl, shownUrl, diagLevel, summary };
}

const PROTOCOL_NAMES: Record<OtlpProtocol, string> = { 'http/json': 'OTLP/HTTP', 'http/protobuf': 'OTLP/HTTP (protobuf)', grpc: 'OTLP/gRPC' };

/** `<endpoint>/v1/traces`, as the specification derives it: appended to the path, a query kept after it. */
function signalUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.href;
}

/** OTEL_LOG_LEVEL, read only when tracing is on: a typo would otherwise hide the export failures it was meant to show. */
function diagLevelFromEnv(env: Env): DiagLevel {
  const value = env['OTEL_LOG_LEVEL']?.trim().toLowerCase();
  if (!value) return 'warn';
  if ((DIAG_LEVELS as readonly string[]).includes(value)) return value as DiagLevel;
  throw new TracingConfigError('OTEL_LOG_LEVEL', `"${env['OTEL_LOG_LEVEL']?.trim()}" is not a level; use one of ${DIAG_LEVELS.join(', ')} (default warn)`);
}
