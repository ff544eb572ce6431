import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allContracts, Subscriptions, TopicSettings } from '@switchyard/contracts';
import { subscriptionRules } from '@switchyard/messaging';
import { buildMessagingInfra, messagingInfraPath, renderMessagingInfra, subjectFilter, type MessagingInfra } from '../scripts/messaging-infra';
import { repoRoot } from './support/render-overlay';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const committed = JSON.parse(read(messagingInfraPath)) as MessagingInfra;

/** Reads the event types back out of a `sys.Label IN ('a', 'b')` filter. */
function typesInFilter(filter: string): string[] {
  const match = /^sys\.Label IN \((.*)\)$/.exec(filter);
  if (!match) throw new Error(`not a subject filter: ${filter}`);
  return [...match[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
}

describe('deploy/infra messaging declaration', () => {
  it('is not stale: the committed file is what libs/contracts generates now', () => {
    // Fix: node -r @swc-node/register deploy/scripts/generate-messaging-infra.ts
    expect(read(messagingInfraPath)).toBe(renderMessagingInfra());
  });

  it.each(Subscriptions.map((s) => [`${s.topic}/${s.name}`, s] as const))('declares subscription %s with its filter and settings', (_, s) => {
    const declared = committed.subscriptions.filter((d) => d.topic === s.topic && d.name === s.name);
    expect(declared).toHaveLength(1);
    expect(typesInFilter(declared[0].sqlFilter).sort()).toEqual([...s.eventTypes].sort());
    expect(declared[0].maxDeliveryCount).toBe(s.maxDeliveryCount);
    expect(declared[0].lockDuration).toBe(`PT${s.lockDurationSeconds}S`);
    expect(committed.topics[declared[0].topicIndex].name).toBe(s.topic);
  });

  it.each(Subscriptions.map((s) => [`${s.topic}/${s.name}`, s] as const))(
    'declares the resubmit rule of %s exactly as the bus creates it, matching only that subscription',
    (_, s) => {
      const [declared] = committed.subscriptions.filter((d) => d.topic === s.topic && d.name === s.name);
      const inCode = subscriptionRules(s).find((rule) => rule.name === declared.resubmitRule.name);
      expect(inCode?.filter).toEqual({ applicationProperties: declared.resubmitRule.correlationProperties });
      const sameTopic = committed.subscriptions.filter((d) => d.topic === s.topic && d !== declared);
      for (const other of sameTopic) expect(other.resubmitRule.correlationProperties).not.toEqual(declared.resubmitRule.correlationProperties);
    },
  );

  it('declares no subscription the code does not consume', () => {
    expect(committed.subscriptions.map((d) => `${d.topic}/${d.name}`).sort()).toEqual(Subscriptions.map((s) => `${s.topic}/${s.name}`).sort());
  });

  it('declares every topic a contract travels on, with duplicate detection', () => {
    const topics = new Map(committed.topics.map((t) => [t.name, t.duplicateDetectionHistoryTimeWindow]));
    for (const contract of allContracts) expect(topics.has(contract.topic)).toBe(true);
    for (const t of TopicSettings) expect(topics.get(t.name)).toBe(`PT${t.duplicateDetectionWindowSeconds}S`);
  });

  it('lets KEDA read every consumed topic', () => {
    const consumed = new Set(Subscriptions.map((s) => s.topic));
    expect(committed.consumedTopicIndexes.map((i) => committed.topics[i].name).sort()).toEqual([...consumed].sort());
  });

  it('quotes event types safely in the filter', () => {
    expect(subjectFilter(["a.v1", "it's.v1"])).toBe("sys.Label IN ('a.v1', 'it''s.v1')");
    expect(typesInFilter(subjectFilter(["it's.v1"]))).toEqual(["it's.v1"]);
  });

  it('refuses a subscription on a topic that is not declared', () => {
    const stray = { ...Subscriptions[0], topic: 'nowhere' } as unknown as (typeof Subscriptions)[number];
    expect(() => buildMessagingInfra(TopicSettings, [stray])).toThrow(/nowhere\/.* names a topic that TopicSettings does not declare/);
  });
});

// No Bicep compiler can be fetched on this machine, so these read the templates as text: they pin the
// places where the generated file must be used, so an edit cannot silently stop using it.
describe('deploy/infra Bicep templates', () => {
  const main = read('deploy/infra/main.bicep');
  const serviceBus = read('deploy/infra/modules/service-bus.bicep');

  it('loads the generated messaging declaration', () => {
    expect(main).toContain(`loadJsonContent('messaging.generated.json')`);
    expect(serviceBus).toMatch(/for topic in messaging\.topics:/);
    expect(serviceBus).toMatch(/duplicateDetectionHistoryTimeWindow: topic\.duplicateDetectionHistoryTimeWindow/);
    expect(serviceBus).toMatch(/for sub in messaging\.subscriptions:[\s\S]*maxDeliveryCount: sub\.maxDeliveryCount[\s\S]*lockDuration: sub\.lockDuration/);
  });

  it("replaces each subscription's $Default rule with its subject filter", () => {
    expect(serviceBus).toMatch(/name: '\$Default'[\s\S]*filterType: 'SqlFilter'[\s\S]*sqlExpression: sub\.sqlFilter/);
  });

  it('adds the generated resubmit correlation rule to every subscription', () => {
    expect(serviceBus).toMatch(
      /for \(sub, i\) in messaging\.subscriptions:[\s\S]*parent: subscriptions\[i\][\s\S]*name: sub\.resubmitRule\.name[\s\S]*filterType: 'CorrelationFilter'[\s\S]*properties: sub\.resubmitRule\.correlationProperties/,
    );
  });

  it('creates a workload identity for every service that consumes a subscription', () => {
    const services = /var services = \[(.*)\]/.exec(main)?.[1].match(/'[^']+'/g)?.map((s) => s.slice(1, -1)) ?? [];
    for (const s of Subscriptions) expect(services).toContain(s.name);
    expect(services).toContain('ingress');
  });

  it("sets each overlay's bus message limit to its Service Bus tier's (Standard 256 KiB, the ingress's default; Premium 1 MiB)", () => {
    const limitOfTier = { Standard: 262_144, Premium: 1_048_576 } as const;
    for (const environment of ['dev', 'prod']) {
      const tier = /^param serviceBusSku = '(\w+)'/m.exec(read(`deploy/infra/params/${environment}.bicepparam`))?.[1] ?? 'Standard';
      const setting = /^BUS_MAX_MESSAGE_BYTES=(\d+)$/m.exec(read(`deploy/k8s/overlays/${environment}/config.env`))?.[1];
      expect([environment, Number(setting ?? limitOfTier.Standard)]).toEqual([environment, limitOfTier[tier as keyof typeof limitOfTier]]);
    }
  });

  it('has a parameter file per overlay', () => {
    for (const environment of ['dev', 'prod']) {
      expect(read(`deploy/infra/params/${environment}.bicepparam`)).toContain(`param environmentName = '${environment}'`);
    }
  });
});
