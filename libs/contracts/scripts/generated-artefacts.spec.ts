import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allContracts } from '../src/registry';
import { Subscriptions } from '../src/topics/subscriptions';
import { allTopics } from '../src/topics/topics';
import { driftedFiles } from './generate';
import { generatedArtefacts } from './generated-artefacts';
import { toYaml } from './to-yaml';

type Ref = { $ref: string };
type AsyncApi = {
  asyncapi: string;
  servers: Record<string, { protocol: string; protocolVersion: string; host: string; variables?: Record<string, unknown> }>;
  channels: Record<string, { address: string; messages: Record<string, Ref> }>;
  operations: Record<string, { action: string; channel: Ref; messages: Ref[]; 'x-servicebus-subscription'?: { name: string; filter: { anyOf: string[] } } }>;
  components: { messages: Record<string, { name: string; payload: Ref }>; schemas: Record<string, unknown> };
};

const committed = (file: string) => readFileSync(join(__dirname, '..', file), 'utf8');

function resolve(document: unknown, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

describe('generated artefacts', () => {
  it('are committed exactly as the generator writes them (run `npx nx run contracts:generate`)', () => {
    expect(driftedFiles()).toEqual([]);
  });

  it('include one JSON Schema per contract, validating the envelope with its type', () => {
    for (const contract of allContracts) {
      const schema = JSON.parse(committed(`generated/json-schema/${contract.type}.json`));
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        title: contract.type,
        properties: { type: { const: contract.type }, data: { type: 'object' } },
      });
    }
  });

  describe('the AsyncAPI document', () => {
    const document = parse(committed('generated/asyncapi.yaml')) as AsyncApi;

    it('is AsyncAPI 3.0 with a Service Bus (amqps) server whose namespace is a variable', () => {
      expect(document.asyncapi).toBe('3.0.0');
      expect(document.servers['serviceBus']).toMatchObject({ protocol: 'amqps', host: '{namespace}.servicebus.windows.net' });
      expect(document.servers['serviceBus'].variables).toHaveProperty('namespace');
    });

    it('has one channel per topic whose messages all resolve to components', () => {
      expect(Object.keys(document.channels).sort()).toEqual([...allTopics].sort());
      for (const [topic, channel] of Object.entries(document.channels)) {
        expect(channel.address).toBe(topic);
        for (const ref of Object.values(channel.messages)) {
          const message = resolve(document, ref.$ref) as { payload: Ref } | undefined;
          expect(message?.payload.$ref).toBeDefined();
          expect(resolve(document, message?.payload.$ref ?? '#/missing')).toBeDefined();
        }
      }
      const messageNames = Object.values(document.components.messages).map((m) => m.name).sort();
      expect(messageNames).toEqual(allContracts.map((c) => c.type).sort());
    });

    const typesOf = (operation: { messages: Ref[] }, topic: string) =>
      operation.messages
        .map((ref) => {
          expect(ref.$ref.startsWith(`#/channels/${topic}/messages/`)).toBe(true);
          const component = (resolve(document, ref.$ref) as Ref | undefined)?.$ref ?? '#/missing';
          return (resolve(document, component) as { name: string } | undefined)?.name;
        })
        .sort();

    it('has a receive operation per subscription, with its type filter and messages from its channel', () => {
      const receives = Object.values(document.operations).filter((op) => op.action === 'receive');
      expect(receives).toHaveLength(Subscriptions.length);
      for (const subscription of Subscriptions) {
        const operation = receives.find(
          (op) => op.channel.$ref === `#/channels/${subscription.topic}` && op['x-servicebus-subscription']?.name === subscription.name,
        );
        if (!operation) throw new Error(`no operation for ${subscription.topic}/${subscription.name}`);
        expect(operation['x-servicebus-subscription']?.filter.anyOf).toEqual(subscription.eventTypes);
        expect(typesOf(operation, subscription.topic)).toEqual([...subscription.eventTypes].sort());
      }
    });

    it('has a send operation per topic with every type published there, also on topics no switchyard service reads', () => {
      const sends = Object.values(document.operations).filter((op) => op.action === 'send');
      expect(sends.map((op) => op.channel.$ref).sort()).toEqual(allTopics.map((topic) => `#/channels/${topic}`).sort());
      for (const topic of allTopics) {
        const operation = sends.find((op) => op.channel.$ref === `#/channels/${topic}`)!;
        const published = allContracts.filter((contract) => contract.topic === topic).map((contract) => contract.type);
        expect(typesOf(operation, topic)).toEqual(published.sort());
      }
    });

    it('describes Service Bus as AMQP 1.0, with no AMQP 0-9-1 (`amqp`) binding anywhere', () => {
      expect(document.servers['serviceBus'].protocolVersion).toBe('1.0');
      const bindingKeys: string[] = [];
      (function collect(node: unknown): void {
        if (typeof node !== 'object' || node === null) return;
        for (const [key, value] of Object.entries(node)) {
          if (key === 'bindings' && typeof value === 'object' && value !== null) bindingKeys.push(...Object.keys(value));
          collect(value);
        }
      })(document);
      expect(bindingKeys).not.toContain('amqp');
    });
  });

  it('emit YAML that a YAML parser reads back as the same data', () => {
    const tricky = {
      plain: 'a b/c-d',
      quoted: ['true', 'null', '3.0.0', 'a: b', '#hash', 'x #y', '', ' lead', 'trail ', 'multi\nline', 'é "q"'],
      numbers: [0, -1, 2.5],
      flags: [true, false, null],
      empty: { list: [], map: {} },
      nested: [[1, [2]], [{ a: 1, b: { c: [] } }]],
      $ref: '#/x',
      '200': 'ok',
    };
    expect(parse(toYaml(tricky))).toEqual(tricky);
    for (const [file, content] of generatedArtefacts()) {
      if (file.endsWith('.yaml')) expect(() => parse(content)).not.toThrow();
    }
  });
});
