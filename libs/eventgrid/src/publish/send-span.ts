import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Context, type Link } from '@opentelemetry/api';
import type { SendCloudEventInput } from '@azure/eventgrid';
import { traceContextOfCarrier } from '@switchyard/observability';

/** Where send spans say a batch went: the topic endpoint's host and port, never its path or query. */
export interface SendDestination {
  host: string;
  port: number;
}

export function sendDestinationOf(endpoint: string): SendDestination {
  const url = new URL(endpoint);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) || (url.protocol === 'http:' ? 80 : 443) };
}

// Only the API: with no SDK registered (tracing off) the tracer is the API's no-op and nothing is recorded.
const eventGridTracer = () => trace.getTracer('@switchyard/eventgrid');

/**
 * Runs one Event Grid request inside a CLIENT span `send <host>` that lands in the traces of the
 * events it carries: a batch of one is a child of that event's trace context; a larger batch holds
 * events of many hooks, so it starts a trace of its own linked to each event's context. The Azure SDK's
 * send and HTTP spans nest under it. `errorType` names a failure (an HTTP status, `network`, …): the
 * span records that only, as an error's message may quote a response body.
 */
export async function withSendSpan(
  destination: SendDestination,
  events: SendCloudEventInput<unknown>[],
  send: () => Promise<void>,
  errorType: (error: unknown) => string,
): Promise<void> {
  const single = events.length === 1 ? events[0] : undefined;
  const parent = (single && traceContextOf(single)) ?? ROOT_CONTEXT;
  const span = eventGridTracer().startSpan(
    `send ${destination.host}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'messaging.system': 'eventgrid',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': destination.host,
        'messaging.batch.message_count': events.length,
        'server.address': destination.host,
        'server.port': destination.port,
        ...(single?.id ? { 'messaging.message.id': single.id } : {}),
      },
    },
    parent,
  );
  // Added once started, not at the start: with tracing off (or the batch not sampled) no event's trace
  // context is parsed. The SDK's samplers do not look at links.
  if (!single && span.isRecording()) span.addLinks(linksTo(events));
  try {
    await context.with(trace.setSpan(parent, span), send);
  } catch (error) {
    const type = errorType(error);
    span.setAttribute('error.type', type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: `Event Grid send failed: ${type}` });
    throw error;
  } finally {
    span.end();
  }
}

function linksTo(events: SendCloudEventInput<unknown>[]): Link[] {
  const links: Link[] = [];
  for (const event of events) {
    const eventContext = traceContextOf(event);
    const spanContext = eventContext && trace.getSpanContext(eventContext);
    if (spanContext) links.push({ context: spanContext, attributes: event.id ? { 'messaging.message.id': event.id } : {} });
  }
  return links;
}

function traceContextOf(event: SendCloudEventInput<unknown>): Context | undefined {
  const { traceparent, tracestate } = event.extensionAttributes ?? {};
  if (typeof traceparent !== 'string') return undefined;
  return traceContextOfCarrier({ traceparent, ...(typeof tracestate === 'string' && { tracestate }) });
}
