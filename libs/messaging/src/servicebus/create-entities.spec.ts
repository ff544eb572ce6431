import type { CorrelationRuleFilter, ServiceBusAdministrationClient, SqlRuleFilter } from '@azure/service-bus';
import { ConformanceAlpha, ConformanceBeta, conformanceTopology } from '../conformance/conformance-topology';
import { createEntities } from './create-entities';
import { RESUBMIT_TO_PROPERTY } from './subscription-rules';

type Filter = SqlRuleFilter | CorrelationRuleFilter;

const restError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { name: 'RestError', statusCode, code });

/**
 * A namespace as the administration client shows it: every call takes a few event-loop turns, a
 * new subscription gets the catch-all "$Default", and a create that races another answers 409 as
 * the client does (ServiceError while the other create runs, MessageEntityAlreadyExistsError after).
 */
function fakeNamespace() {
  const topics = new Set<string>();
  const rules = new Map<string, Map<string, Filter>>(); // "topic/subscription" → its rules
  const creating = new Set<string>();
  const log: string[] = [];
  const turns = async (n = 2) => {
    for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const create = async (key: string, exists: () => boolean, make: () => void) => {
    await turns(1);
    if (creating.has(key)) throw restError(409, 'ServiceError', 'SubCode=40901. Another conflicting operation is in progress.');
    if (exists()) throw restError(409, 'MessageEntityAlreadyExistsError', `${key} already exists`);
    creating.add(key);
    await turns(3);
    creating.delete(key);
    make();
    log.push(`create ${key}`);
  };
  const rulesOf = (topic: string, subscription: string) => {
    const found = rules.get(`${topic}/${subscription}`);
    if (!found) throw restError(404, 'MessageEntityNotFoundError', `${topic}/${subscription} not found`);
    return found;
  };
  const admin = {
    topicExists: async (topic: string) => (await turns(), topics.has(topic)),
    createTopic: (topic: string) => create(topic, () => topics.has(topic), () => topics.add(topic)),
    subscriptionExists: async (topic: string, name: string) => (await turns(), rules.has(`${topic}/${name}`)),
    createSubscription: (topic: string, name: string) =>
      create(`${topic}/${name}`, () => rules.has(`${topic}/${name}`), () => rules.set(`${topic}/${name}`, new Map([['$Default', { sqlExpression: '1=1' }]]))),
    listRules: (topic: string, name: string) =>
      (async function* () {
        await turns();
        for (const [ruleName, filter] of rulesOf(topic, name)) yield { name: ruleName, filter };
      })(),
    ruleExists: async (topic: string, name: string, rule: string) => (await turns(), rulesOf(topic, name).has(rule)),
    createRule: (topic: string, name: string, rule: string, filter: Filter) =>
      create(`${topic}/${name}/${rule}`, () => rulesOf(topic, name).has(rule), () => rulesOf(topic, name).set(rule, filter)),
    deleteRule: async (topic: string, name: string, rule: string) => {
      await turns();
      if (!rulesOf(topic, name).delete(rule)) throw restError(404, 'MessageEntityNotFoundError', `${rule} not found`);
      log.push(`delete ${topic}/${name}/${rule}`);
    },
  };
  return {
    admin: admin as unknown as ServiceBusAdministrationClient,
    log,
    topics,
    rules,
    ruleNames: (subscription: string) => [...(rules.get(`conformance/${subscription}`)?.keys() ?? [])].sort(),
    /** The last rule created or deleted on the subscription. */
    lastChangeTo: (subscription: string) => log.filter((line) => line.includes(`conformance/${subscription}/`)).at(-1),
  };
}

const narrowRules = [ConformanceAlpha.type, 'resubmit'].sort();
const wideRules = [ConformanceAlpha.type, ConformanceBeta.type, 'resubmit'].sort();

describe('createEntities', () => {
  it('creates the topology when several services start at once on an empty namespace', async () => {
    const namespace = fakeNamespace();
    await expect(
      Promise.all([1, 2, 3].map(() => createEntities(namespace.admin, conformanceTopology, { conflictRetryMs: 1 }))),
    ).resolves.toBeDefined();
    expect([...namespace.topics]).toEqual(['conformance']);
    expect(namespace.ruleNames('wide')).toEqual(wideRules);
    expect(namespace.ruleNames('narrow')).toEqual(narrowRules);
    expect(namespace.rules.get('conformance/narrow')?.get('resubmit')).toEqual({ applicationProperties: { [RESUBMIT_TO_PROPERTY]: 'narrow' } });
  });

  it('finishes a subscription a crash left with only the catch-all rule, adding its rules before removing "$Default"', async () => {
    const namespace = fakeNamespace();
    namespace.topics.add('conformance');
    namespace.rules.set('conformance/wide', new Map([['$Default', { sqlExpression: '1=1' }]]));
    await createEntities(namespace.admin, conformanceTopology);
    expect(namespace.ruleNames('wide')).toEqual(wideRules);
    expect(namespace.lastChangeTo('wide')).toBe('delete conformance/wide/$Default');
  });

  it('adds the rule for an event type a service newly takes to its existing subscription', async () => {
    const namespace = fakeNamespace();
    namespace.topics.add('conformance');
    namespace.rules.set('conformance/wide', new Map<string, Filter>([[ConformanceAlpha.type, { subject: ConformanceAlpha.type }]]));
    await createEntities(namespace.admin, conformanceTopology);
    expect(namespace.rules.get('conformance/wide')?.get(ConformanceBeta.type)).toEqual({ subject: ConformanceBeta.type });
  });

  it('removes the rule of an event type the service no longer takes, after adding the ones it takes', async () => {
    const namespace = fakeNamespace();
    namespace.topics.add('conformance');
    namespace.rules.set('conformance/narrow', new Map<string, Filter>([['switchyard.retired.v1', { subject: 'switchyard.retired.v1' }]]));
    await createEntities(namespace.admin, conformanceTopology);
    expect(namespace.ruleNames('narrow')).toEqual(narrowRules);
    expect(namespace.lastChangeTo('narrow')).toBe('delete conformance/narrow/switchyard.retired.v1');
  });

  it('keeps a "$Default" that filters, as deploy/infra writes it', async () => {
    const namespace = fakeNamespace();
    namespace.topics.add('conformance');
    const sqlFilter = { sqlExpression: `sys.Label IN ('${ConformanceAlpha.type}')` };
    namespace.rules.set('conformance/narrow', new Map([['$Default', sqlFilter]]));
    await createEntities(namespace.admin, conformanceTopology);
    expect(namespace.rules.get('conformance/narrow')?.get('$Default')).toBe(sqlFilter);
  });

  it('still fails on a conflict that does not clear', async () => {
    const namespace = fakeNamespace();
    const refused = restError(409, 'ServiceError', 'SubCode=40901. Another conflicting operation is in progress.');
    const admin = { ...namespace.admin, topicExists: async () => false, createTopic: async () => Promise.reject(refused) } as unknown as ServiceBusAdministrationClient;
    await expect(createEntities(admin, conformanceTopology, { conflictRetryMs: 1 })).rejects.toBe(refused);
  });
});
