import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFixtures, readFixtureJson } from '@switchyard/testing';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { EventEnvelope } from '../src/envelope/envelope.schema';
import { allContracts, contractForType } from '../src/registry';
import { normalizeServiceHook } from '../src/service-hooks/normalize-service-hook';
import { jsonSchemaBaseId } from './json-schemas';

// What a consumer in another language does: validate the message body against the committed files.
const generated = (file: string) => readFileSync(join(__dirname, '..', 'generated', file), 'utf8');

const jsonSchemas = new Ajv2020({ strict: true, allErrors: true });
addFormats(jsonSchemas);
for (const contract of allContracts) jsonSchemas.addSchema(JSON.parse(generated(`json-schema/${contract.type}.json`)));

const asyncApi = parse(generated('asyncapi.yaml')) as {
  components: { messages: Record<string, { name: string; payload: { $ref: string } }>; schemas: Record<string, object> };
};
const draft7 = new Ajv({ strict: true, allErrors: true });
addFormats(draft7);

function payloadSchemaOf(type: string): object {
  const message = Object.values(asyncApi.components.messages).find((m) => m.name === type);
  if (!message) throw new Error(`asyncapi.yaml has no message named ${type}`);
  return asyncApi.components.schemas[message.payload.$ref.replace('#/components/schemas/', '')]!;
}

/** The errors of each generated schema for a message body (empty when both accept it). */
function schemaErrors(body: { type: string; [field: string]: unknown }): unknown[] {
  const jsonSchema = jsonSchemas.getSchema(`${jsonSchemaBaseId}${body.type}`);
  if (!jsonSchema) throw new Error(`no JSON Schema for ${body.type}`);
  const inAsyncApi = draft7.compile(payloadSchemaOf(body.type));
  return [...(jsonSchema(body) ? [] : jsonSchema.errors ?? []), ...(inAsyncApi(body) ? [] : inAsyncApi.errors ?? [])];
}

// The Service Bus message body as a consumer reads it.
const onTheWire = (event: EventEnvelope) => JSON.parse(JSON.stringify(event)) as EventEnvelope & { data: Record<string, unknown> };

const hookEnvelopes: [string, EventEnvelope][] = [
  ...listFixtures('hooks').map((fixture): [string, EventEnvelope] => [
    fixture,
    normalizeServiceHook(readFixtureJson(fixture), { metadata: { hookKey: 'primary' } }),
  ]),
  // No shared fixture has a stage event; this is the documented resource shape.
  [
    'a YAML pipeline stage event',
    normalizeServiceHook({
      id: 'stage-1',
      eventType: 'ms.vss-pipelines.stage-state-changed-event',
      resource: {
        stage: { id: '96ac2280-8cb4-5df5-99de-dd2da759617d', name: 'Deploy', displayName: 'Deploy', state: 'completed', result: 'succeeded' },
        run: { id: 310, name: '20240501.3', pipeline: { id: 4, name: 'web-ci' } },
        pipeline: { id: 4, name: 'web-ci', url: 'https://dev.azure.com/contoso/p-guid/_apis/Pipelines/4' },
        project: { id: 'p-guid', name: 'Platform' },
      },
      createdDate: '2024-05-01T10:06:00Z',
    }),
  ],
  // Without createdDate the receive time is the event time.
  ['a generic hook without createdDate', normalizeServiceHook({ id: 'n-1', eventType: 'git.push', resource: {} }, { receivedAt: new Date(0) })],
];

describe('the generated schemas, as a consumer in another language uses them', () => {
  it('compile under their declared drafts in strict mode (2020-12 files; draft-07 inside asyncapi.yaml)', () => {
    for (const contract of allContracts) {
      expect(jsonSchemas.getSchema(`${jsonSchemaBaseId}${contract.type}`)?.schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
      });
      expect(() => draft7.compile(payloadSchemaOf(contract.type))).not.toThrow();
    }
  });

  it('cover every published hook contract with the envelopes below', () => {
    const hookTypes = new Set(hookEnvelopes.map(([, event]) => event.type));
    for (const type of allContracts.map((c) => c.type).filter((t) => t.startsWith('azure-devops.'))) expect(hookTypes).toContain(type);
  });

  it.each(hookEnvelopes)('accept what normalizeServiceHook publishes for %s', (_name, event) => {
    expect(schemaErrors(onTheWire(event))).toEqual([]);
  });

  it('refuse a body that breaks the envelope (so accepting is not vacuous)', () => {
    const [, event] = hookEnvelopes[0]!;
    expect(schemaErrors({ ...onTheWire(event), time: '2024-05-01 10:06' })).not.toEqual([]);
    expect(schemaErrors({ ...onTheWire(event), specversion: undefined })).not.toEqual([]);
    expect(schemaErrors({ ...onTheWire(event), data: 'text' })).not.toEqual([]);
  });

  // The versioning rule in docs/contracts.md: adding an optional field keeps the type version, so a
  // consumer built against today's schema (or today's zod contract) must accept the extra field.
  it.each(hookEnvelopes)('accept %s with fields added to the envelope and its data', (_name, event) => {
    const body = onTheWire(event);
    const extended = { ...body, addedLater: 'x', data: { ...body.data, addedLater: { nested: true } } };
    expect(schemaErrors(extended)).toEqual([]);
    expect(contractForType(body.type)?.envelope.safeParse(extended).success).toBe(true);
  });
});
