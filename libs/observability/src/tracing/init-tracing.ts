import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpGrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { secretsFromEnvAsItChanges } from '../logging/secrets-from-env';
import { azureSdkInstrumentation } from './azure-sdk-tracing';
import { tracingConfigFromEnv, type DiagLevel, type OtlpProtocol } from './tracing-config';
import { TracingDiagLog } from './tracing-diag-log';

export interface InitTracingOptions {
  /** Default service.name; OTEL_SERVICE_NAME, or else a service.name in OTEL_RESOURCE_ATTRIBUTES, overrides it. */
  service: string;
  env?: Record<string, string | undefined>;
}

export interface Tracing {
  readonly enabled: boolean;
  readonly serviceName: string;
  /** Why tracing is on or off. */
  readonly reason: string;
  /**
   * The line to write once at start-up: on or off, why, and where spans go (without credentials),
   * e.g. `tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to http://otel-collector:4318/v1/traces over OTLP/HTTP`.
   */
  readonly summary: string;
  /** Flushes spans still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

let running: Tracing | undefined;

/**
 * Starts the OpenTelemetry Node SDK for traces only (metrics are Prometheus, logs are pino) when an
 * exporter is configured by the standard OTEL_* variables, with the Azure SDK instrumentation.
 * Call it first in main.ts, before the services are built. One SDK per process: a second call
 * (the all-in-one runner starts several services) returns the running one.
 */
export function initTracing(options: InitTracingOptions): Tracing {
  if (running) return running;
  const config = tracingConfigFromEnv(options.service, options.env);
  if (!config.enabled) return { enabled: false, serviceName: config.serviceName, reason: config.reason, summary: config.summary, shutdown: async () => undefined };
  const env = options.env ?? process.env;
  const diagLog = new TracingDiagLog({ service: config.serviceName, env, shownUrl: config.shownUrl });
  const diagOptions = { logLevel: DIAG_LOG_LEVELS[config.diagLevel], suppressOverrideMessage: true };
  // Before the exporter is built (it warns about bad OTEL_EXPORTER_OTLP_* values), and again after the
  // SDK's constructor, which installs an unscrubbed console logger of its own when OTEL_LOG_LEVEL is set.
  diag.setLogger(diagLog, diagOptions);
  // Headers, timeout, compression and certificates come from OTEL_EXPORTER_OTLP_* as the exporter reads them.
  const traceExporter = config.exportersFromEnv ? undefined : new OTLP_EXPORTERS[config.protocol ?? 'http/json']({ url: config.tracesUrl });
  // None registered while the SDK installs its own: it would warn, with a stack trace, that it replaces ours.
  diag.disable();
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    traceExporter,
    metricReaders: [],
    logRecordProcessors: [],
    // Read at each span: npm start writes the secrets it generates into env after tracing started.
    instrumentations: [azureSdkInstrumentation(secretsFromEnvAsItChanges(env))],
  });
  diag.setLogger(diagLog, diagOptions);
  sdk.start();
  const tracing: Tracing = {
    enabled: true,
    serviceName: config.serviceName,
    reason: config.reason,
    summary: config.summary,
    shutdown: async () => {
      if (running === tracing) running = undefined;
      try {
        await sdk.shutdown();
      } finally {
        diagLog.flush();
        diag.disable();
      }
    },
  };
  running = tracing;
  return tracing;
}

const OTLP_EXPORTERS: Record<OtlpProtocol, new (options: { url?: string }) => SpanExporter> = {
  'http/json': OtlpJsonExporter,
  'http/protobuf': OtlpProtobufExporter,
  grpc: OtlpGrpcExporter,
};

const DIAG_LOG_LEVELS: Record<DiagLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};
