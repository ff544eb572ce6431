import { z } from 'zod';

/** W3C trace context carried with every event so one trace follows it from hook to effect. */
export const traceContextSchema = z.object({
  traceparent: z.string().regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/),
  tracestate: z.string().optional(),
});

/** Free-form, non-secret string metadata (e.g. the hook key's name, badge style headers). */
export const metadataSchema = z.record(z.string(), z.string());

/**
 * The CloudEvents-shaped envelope every event travels in. `data` is typed per event contract.
 */
export function envelopeSchema<TType extends string, TData extends z.ZodType>(type: TType, data: TData) {
  return z.object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).max(128),
    type: z.literal(type),
    source: z.string().min(1),
    subject: z.string().optional(),
    time: z.iso.datetime({ offset: true }),
    correlationId: z.string().min(1),
    datacontenttype: z.literal('application/json'),
    traceparent: traceContextSchema.shape.traceparent.optional(),
    tracestate: z.string().optional(),
    metadata: metadataSchema.optional(),
    data,
  });
}

export type EventEnvelope<TData = unknown, TType extends string = string> = {
  specversion: '1.0';
  id: string;
  type: TType;
  source: string;
  subject?: string;
  time: string;
  correlationId: string;
  datacontenttype: 'application/json';
  traceparent?: string;
  tracestate?: string;
  metadata?: Record<string, string>;
  data: TData;
};
