import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { secretsFromEnvAsItChanges } from '../logging/secrets-from-env';
import { azureSdkInstrumentation } from './azure-sdk-tracing';

export interface InMemoryTracing {
  /** Spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
  /** Unregisters the global tracer provider, context manager and propagator. */
  shutdown(): Promise<void>;
}

/**
 * For tests: registers a tracer provider that keeps finished spans in memory, with the
 * AsyncLocalStorage context manager and the W3C propagator, globally, as initTracing would.
 * `azureSdk: true` also bridges the Azure SDK clients' spans, scrubbed of the secrets `env` holds
 * when each span starts (process.env by default) as initTracing scrubs them.
 */
export function startInMemoryTracing(options: { azureSdk?: boolean; env?: Record<string, string | undefined> } = {}): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  const env = options.env ?? process.env;
  const azure = options.azureSdk ? azureSdkInstrumentation(secretsFromEnvAsItChanges(env)) : undefined;
  azure?.setTracerProvider(provider);
  azure?.enable();
  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: async () => {
      azure?.disable();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
