import { z } from 'zod';
import type { EventContract } from '../src/envelope/define-event';

export type JsonSchema = Record<string, unknown>;

// A URN rather than a web address: the schemas are files in the repository, not hosted anywhere.
export const jsonSchemaBaseId = 'urn:switchyard:event-schema:';

/**
 * The envelope schema of a contract as JSON Schema. Input mode leaves objects open
 * (no `additionalProperties: false`) so that adding an optional field never breaks a consumer.
 */
export function envelopeJsonSchema(contract: EventContract, target: 'draft-2020-12' | 'draft-7'): JsonSchema {
  const schema = z.toJSONSchema(contract.envelope, { io: 'input', target }) as JsonSchema;
  return target === 'draft-7'
    ? withoutKey(schema, '$schema')
    : {
        $schema: schema['$schema'],
        $id: `${jsonSchemaBaseId}${contract.type}`,
        title: contract.type,
        description: contract.description,
        ...withoutKey(schema, '$schema'),
      };
}

function withoutKey(schema: JsonSchema, key: string): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => k !== key));
}
