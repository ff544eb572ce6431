import { createAzureSdkInstrumentation } from '@azure/opentelemetry-instrumentation-azure-sdk';

type AzureSdkInstrumentation = ReturnType<typeof createAzureSdkInstrumentation>;

interface ModuleDefinition {
  moduleVersion?: string;
  patch?: (exports: unknown, version?: string) => unknown;
}

/**
 * The Azure SDK's own OpenTelemetry bridge: Service Bus and Blob clients then emit spans (and send
 * `traceparent` on their HTTP calls) under whatever span is active. The instrumentation patches
 * `@azure/core-tracing` when it is first required; when a client library loaded it before tracing
 * started (the usual case in tests and in the all-in-one process), the loaded module is patched now.
 */
export function azureSdkInstrumentation(): AzureSdkInstrumentation {
  const instrumentation = createAzureSdkInstrumentation();
  const loaded = loadedCoreTracing();
  if (loaded) {
    const definitions = (instrumentation as unknown as { getModuleDefinitions(): ModuleDefinition[] }).getModuleDefinitions();
    for (const definition of definitions) definition.patch?.(loaded, definition.moduleVersion);
  }
  return instrumentation;
}

function loadedCoreTracing(): unknown {
  try {
    return require.cache[require.resolve('@azure/core-tracing')]?.exports;
  } catch {
    return undefined;
  }
}
