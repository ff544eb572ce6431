import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { azureSdkInstrumentation } from './azure-sdk-tracing';
import { tracingConfigFromEnv } from './tracing-config';

export interface InitTracingOptions {
  /** Default service.name; OTEL_SERVICE_NAME overrides it. */
  service: string;
  env?: Record<string, string | undefined>;
}

export interface Tracing {
  readonly enabled: boolean;
  readonly serviceName: string;
  /** Why tracing is on or off (log it at start-up). */
  readonly reason: string;
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
  if (!config.enabled) return { enabled: false, serviceName: config.serviceName, reason: config.reason, shutdown: async () => undefined };
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    // Headers, timeout and compression come from OTEL_EXPORTER_OTLP_* as the exporter reads them.
    traceExporter: config.exportersFromEnv ? undefined : new OTLPTraceExporter({ url: config.tracesUrl }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [azureSdkInstrumentation()],
  });
  sdk.start();
  const tracing: Tracing = {
    enabled: true,
    serviceName: config.serviceName,
    reason: config.reason,
    shutdown: async () => {
      if (running === tracing) running = undefined;
      await sdk.shutdown();
    },
  };
  running = tracing;
  return tracing;
}
