import { AzureSdkInstrumentation } from '@azure/opentelemetry-instrumentation-azure-sdk';
import { scrubbingInstrumenter, type AzureInstrumenter } from './scrubbing-instrumenter';

interface ModuleDefinition {
  moduleVersion?: string;
  patch?: (exports: unknown, version?: string) => unknown;
}

interface CoreTracing {
  useInstrumenter(instrumenter: AzureInstrumenter): void;
}

/**
 * The Azure SDK's own OpenTelemetry bridge: Service Bus and Blob clients then emit spans (and send
 * `traceparent` on their HTTP calls) under whatever span is active. The instrumentation patches
 * `@azure/core-tracing` when it is first required; when a client library loaded it before tracing
 * started (the usual case in tests and in the all-in-one process), the loaded module is patched now.
 * What its spans record of errors and attributes is scrubbed of `secrets()` and the usual patterns.
 */
export function azureSdkInstrumentation(secrets: () => readonly string[]): AzureSdkInstrumentation {
  // init() runs in the base constructor, before a subclass could keep `secrets` in a field.
  class ScrubbingAzureSdkInstrumentation extends AzureSdkInstrumentation {
    protected override init() {
      const definitions = super.init();
      for (const definition of [definitions].flat()) if (definition) scrubSpansOf(definition, secrets);
      return definitions;
    }
  }
  const instrumentation = new ScrubbingAzureSdkInstrumentation();
  const loaded = loadedCoreTracing();
  if (loaded) {
    for (const definition of instrumentation.getModuleDefinitions() as ModuleDefinition[]) definition.patch?.(loaded, definition.moduleVersion);
  }
  return instrumentation;
}

/** The bridge hands core-tracing its instrumenter; core-tracing gets it wrapped in ours instead. */
function scrubSpansOf(definition: ModuleDefinition, secrets: () => readonly string[]): void {
  const patch = definition.patch;
  if (!patch) return;
  definition.patch = (exports, version) => {
    const coreTracing = exports as CoreTracing;
    patch({ useInstrumenter: (instrumenter: AzureInstrumenter) => coreTracing.useInstrumenter(scrubbingInstrumenter(instrumenter, secrets)) }, version);
    return exports;
  };
}

function loadedCoreTracing(): unknown {
  try {
    return require.cache[require.resolve('@azure/core-tracing')]?.exports;
  } catch {
    return undefined;
  }
}
