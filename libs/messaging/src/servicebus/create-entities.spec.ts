import type { CorrelationRuleFilter, ServiceBusAdministrationClient, SqlRuleFilter } from '@azure/service-bus';
import { ConformanceAlpha, ConformanceBeta, conformanceTopology } from '../conformance/conformance-topology';
import { createEntities } from './create-entities';
import { fakeNamespace, restError } from './fake-namespace';
import { RESUBMIT_TO_PROPERTY } from './subscription-rules';

type Filter = SqlRuleFilter | CorrelationRuleFilter;

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
