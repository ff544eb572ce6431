import { z } from 'zod';
import { buildEnvelope } from './build-envelope';
import { envelopeSchema, type EventEnvelope } from './envelope.schema';

export { isValidatedEvent } from './validated-events';

/** An event the system moves: its versioned type name, the topic it travels on and its schemas. */
export interface EventContract<TType extends string = string, TData extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly topic: string;
  readonly description: string;
  readonly data: TData;
  readonly envelope: ReturnType<typeof envelopeSchema<TType, TData>>;
}

/** The envelope type of a contract: `EventOf<typeof ReleaseDeploymentCompleted>`. */
export type EventOf<C extends EventContract> = EventEnvelope<z.infer<C['data']>, C['type']>;

/** The data type of a contract. */
export type DataOf<C extends EventContract> = z.infer<C['data']>;

export function defineEvent<TType extends string, TData extends z.ZodType>(definition: {
  type: TType;
  topic: string;
  description: string;
  data: TData;
}): EventContract<TType, TData> {
  return Object.freeze({ ...definition, envelope: envelopeSchema(definition.type, definition.data) });
}

export interface NewEventFields<TData> {
  id?: string;
  source: string;
  subject?: string;
  time?: Date | string;
  correlationId?: string;
  traceparent?: string;
  tracestate?: string;
  metadata?: Record<string, string>;
  data: TData;
}

/**
 * Builds a valid envelope for a contract (validates `data`; throws a ZodError when it does not fit).
 * The result is marked validated for publishers (see isValidatedEvent) when its envelope fields fit too.
 */
export function createEvent<C extends EventContract>(contract: C, fields: NewEventFields<DataOf<C>>): EventOf<C> {
  return buildEnvelope(contract, fields, contract.data.parse(fields.data)) as EventOf<C>;
}
