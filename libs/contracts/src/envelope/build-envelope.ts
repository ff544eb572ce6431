import type { EventContract, NewEventFields } from './define-event';
import type { EventEnvelope } from './envelope.schema';
import { traceContextSchema } from './envelope.schema';
import { markValidated } from './validated-events';

const MAX_ID_LENGTH = 128;
const traceparentPattern = traceContextSchema.shape.traceparent;

/**
 * The envelope for `data` that `contract.data` has already parsed. It is marked validated (see
 * isValidatedEvent) only when every envelope field also fits the envelope schema; checked by hand
 * here because a second zod pass over the whole envelope costs more than building it.
 */
export function buildEnvelope(contract: EventContract, fields: NewEventFields<unknown>, data: unknown): EventEnvelope {
  const id = fields.id ?? globalThis.crypto.randomUUID();
  const time = fields.time instanceof Date ? fields.time.toISOString() : (fields.time ?? new Date().toISOString());
  const envelope: EventEnvelope = {
    specversion: '1.0',
    id,
    type: contract.type,
    source: fields.source,
    ...(fields.subject !== undefined && { subject: fields.subject }),
    time,
    correlationId: fields.correlationId ?? id,
    datacontenttype: 'application/json',
    ...(fields.traceparent !== undefined && { traceparent: fields.traceparent }),
    ...(fields.tracestate !== undefined && { tracestate: fields.tracestate }),
    ...(fields.metadata !== undefined && { metadata: fields.metadata }),
    data,
  };
  if (envelopeFieldsFit(envelope, typeof fields.time !== 'string')) markValidated(envelope, contract);
  return envelope;
}

function envelopeFieldsFit(envelope: EventEnvelope, timeFromDate: boolean): boolean {
  return (
    isText(envelope.id) &&
    envelope.id.length <= MAX_ID_LENGTH &&
    isText(envelope.source) &&
    isText(envelope.correlationId) &&
    (envelope.subject === undefined || typeof envelope.subject === 'string') &&
    (envelope.tracestate === undefined || typeof envelope.tracestate === 'string') &&
    (envelope.traceparent === undefined || traceparentPattern.safeParse(envelope.traceparent).success) &&
    (envelope.metadata === undefined || isStringMap(envelope.metadata)) &&
    // toISOString() fits for years 0000-9999 (beyond, it writes "+010000-…"); a string the caller
    // passed is left to the publisher's full check.
    timeFromDate &&
    isFourDigitYear(envelope.time)
  );
}

function isFourDigitYear(time: string): boolean {
  const first = time.charCodeAt(0);
  return time.length === 24 && first >= 0x30 && first <= 0x39;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isStringMap(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key of Object.keys(value)) if (typeof (value as Record<string, unknown>)[key] !== 'string') return false;
  return true;
}
