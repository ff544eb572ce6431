import { scrubText } from '../logging/secret-redaction';

// The parts of @azure/core-tracing's Instrumenter and TracingSpan used here, by shape: core-tracing
// belongs to the Azure clients, which may each bring their own copy.
type Attributes = Record<string, unknown>;

export interface AzureTracingSpan {
  setStatus(status: { status: 'success' } | { status: 'error'; error?: Error | string }): void;
  setAttribute(name: string, value: unknown): void;
  end(): void;
  recordException(exception: Error | string): void;
  isRecording(): boolean;
  addEvent?(name: string, options?: { attributes?: Attributes; startTime?: Date }): void;
}

export interface AzureInstrumenter {
  startSpan(name: string, options: { spanAttributes?: Attributes }): { span: AzureTracingSpan; tracingContext: unknown };
  withContext(context: unknown, callback: (...args: unknown[]) => unknown, ...args: unknown[]): unknown;
  parseTraceparentHeader(header: string): unknown;
  createRequestHeaders(context?: unknown): Record<string, string>;
}

/**
 * The Azure SDK's OpenTelemetry bridge with every text it records scrubbed as log lines are. It sets a
 * failed span's status to `error.toString()` and records the error's message and stack: a service's
 * error response quoted there (an Event Grid 401 quoting the access key) would reach the collector.
 */
export function scrubbingInstrumenter(inner: AzureInstrumenter, secretsNow: () => readonly string[]): AzureInstrumenter {
  return {
    startSpan: (name, options) => {
      // Asked at each span: secrets may be added after tracing started (npm start generates its own).
      const secrets = secretsNow();
      const started = inner.startSpan(name, { ...options, spanAttributes: scrubbedAttributes(options.spanAttributes, secrets) });
      return { ...started, span: scrubbingSpan(started.span, secrets) };
    },
    withContext: (context, callback, ...args) => inner.withContext(context, callback, ...args),
    parseTraceparentHeader: (header) => inner.parseTraceparentHeader(header),
    createRequestHeaders: (context) => inner.createRequestHeaders(context),
  };
}

function scrubbingSpan(span: AzureTracingSpan, secrets: readonly string[]): AzureTracingSpan {
  const addEvent = span.addEvent?.bind(span);
  return {
    setStatus: (status) => span.setStatus(status.status === 'error' && status.error !== undefined ? { status: 'error', error: scrubbedError(status.error, secrets) } : status),
    setAttribute: (name, value) => span.setAttribute(name, typeof value === 'string' ? scrubText(value, secrets) : value),
    end: () => span.end(),
    recordException: (exception) => span.recordException(scrubbedError(exception, secrets)),
    isRecording: () => span.isRecording(),
    ...(addEvent ? { addEvent: (name, options) => addEvent(name, options && { ...options, attributes: scrubbedAttributes(options.attributes, secrets) }) } : {}),
  };
}

/** A copy with what the bridge records of an error (toString, message, stack) scrubbed; its name and code kept for `exception.type`. */
function scrubbedError(error: Error | string, secrets: readonly string[]): Error | string {
  if (typeof error === 'string') return scrubText(error, secrets);
  const copy = new Error(scrubText(String(error.message ?? ''), secrets));
  copy.name = error.name;
  copy.stack = typeof error.stack === 'string' ? scrubText(error.stack, secrets) : undefined;
  // `code` becomes exception.type; a 304 `statusCode` is not recorded as a failure.
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return Object.assign(copy, typeof code === 'string' || typeof code === 'number' ? { code } : {}, typeof statusCode === 'number' ? { statusCode } : {});
}

function scrubbedAttributes(attributes: Attributes | undefined, secrets: readonly string[]): Attributes | undefined {
  if (!attributes) return attributes;
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, typeof value === 'string' ? scrubText(value, secrets) : value]));
}
