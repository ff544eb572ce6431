import type { SendCloudEventInput } from '@azure/eventgrid';
import type { EventEnvelope } from '@switchyard/contracts';

/**
 * Maps a switchyard envelope onto a CloudEvents 1.0 event. The envelope already is CloudEvents-shaped;
 * its extra fields travel as extension attributes, whose names CloudEvents restricts to [a-z0-9].
 * `metadata` is left out: it is internal routing detail, not part of the public outcome.
 */
export function toCloudEvent(envelope: EventEnvelope): SendCloudEventInput<unknown> {
  const extensionAttributes: Record<string, string> = { correlationid: envelope.correlationId };
  if (envelope.traceparent) extensionAttributes['traceparent'] = envelope.traceparent;
  if (envelope.tracestate) extensionAttributes['tracestate'] = envelope.tracestate;
  const time = new Date(envelope.time);
  // The SDK would fail to serialise the whole request, taking every other event in the batch with it.
  if (Number.isNaN(time.getTime())) throw new Error(`time "${envelope.time}" is not a date`);
  return {
    id: envelope.id,
    type: envelope.type,
    source: envelope.source,
    ...(envelope.subject !== undefined ? { subject: envelope.subject } : {}),
    time,
    datacontenttype: envelope.datacontenttype,
    data: envelope.data,
    extensionAttributes,
  };
}
