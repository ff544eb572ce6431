import { ReleaseDeploymentCompleted } from '@switchyard/contracts';
import { defaultTopology, type Topology } from '../bus/topology';
import { createEntities } from './create-entities';
import { fakeNamespace, restError } from './fake-namespace';
import { resubmitRuleCheck } from './resubmit-rule-check';

const myTeam = { topic: 'releases', name: 'my-team', eventTypes: [ReleaseDeploymentCompleted.type] };
const withMyTeam: Topology = { contracts: defaultTopology().contracts, subscriptions: [myTeam] };
const addRule =
  'az servicebus topic subscription rule create -g <resource group> --namespace-name <namespace> --topic-name releases --subscription-name my-team ' +
  '-n resubmit --filter-type CorrelationFilter --correlation-filter-property switchyard-resubmit-to=my-team';

describe('resubmitRuleCheck', () => {
  it('lets a run go ahead on a subscription whose rules SERVICEBUS_CREATE_ENTITIES created, another team’s included', async () => {
    const namespace = fakeNamespace();
    await createEntities(namespace.admin, withMyTeam);
    await expect(resubmitRuleCheck('releases', 'my-team', { rules: namespace.admin, provisionedWithRule: false })()).resolves.toBeUndefined();
  });

  it('refuses a subscription made without the resubmit rule, saying how to add it', async () => {
    const namespace = fakeNamespace();
    namespace.addSubscription('releases', 'my-team', { $Default: { sqlExpression: `sys.Label IN ('${ReleaseDeploymentCompleted.type}')` } });
    const stoppedBy = await resubmitRuleCheck('releases', 'my-team', { rules: namespace.admin, provisionedWithRule: false })();
    expect(stoppedBy).toMatch(/^MESSAGING\.RESUBMIT_RULE_MISSING: subscription "releases\/my-team" has no rule "resubmit"/);
    expect(stoppedBy).toContain('nothing was resubmitted');
    expect(stoppedBy).toContain(addRule);
  });

  it.each([
    ['routes to another subscription', { applicationProperties: { 'switchyard-resubmit-to': 'badge-renderer' } }],
    ['also asks for a subject', { subject: 'azure-devops.release.deployment-completed.v1', applicationProperties: { 'switchyard-resubmit-to': 'my-team' } }],
    ['is a SQL filter', { sqlExpression: "[switchyard-resubmit-to] = 'my-team'" }],
  ])('refuses a "resubmit" rule that %s, since the copy might match no rule', async (_case, filter) => {
    const namespace = fakeNamespace();
    namespace.addSubscription('releases', 'my-team', { resubmit: filter });
    const stoppedBy = await resubmitRuleCheck('releases', 'my-team', { rules: namespace.admin, provisionedWithRule: false })();
    expect(stoppedBy).toMatch(/^MESSAGING\.RESUBMIT_RULE_MISSING: the rule "resubmit" of subscription "releases\/my-team" is not the correlation filter switchyard-resubmit-to = my-team alone/);
    expect(stoppedBy).toContain(addRule);
  });

  it('goes ahead without reading the rule, when reading it is not permitted, only for a subscription switchyard provisions with it', async () => {
    const namespace = fakeNamespace();
    await createEntities(namespace.admin, withMyTeam);
    namespace.refuseRuleReads();
    await expect(resubmitRuleCheck('checks', 'gate-evaluator', { rules: namespace.admin, provisionedWithRule: true })()).resolves.toBeUndefined();
    const stoppedBy = await resubmitRuleCheck('releases', 'my-team', { rules: namespace.admin, provisionedWithRule: false })();
    expect(stoppedBy).toMatch(/^MESSAGING\.RESUBMIT_RULE_UNREADABLE: reading the rules of subscription "releases\/my-team" is not permitted \(HTTP 401/);
    expect(stoppedBy).toContain('Azure Service Bus Data Owner');
    expect(stoppedBy).toContain(addRule);
  });

  it('stops, to be run again, when the rule could not be read for another reason', async () => {
    const rules = { getRule: async () => Promise.reject(restError(503, 'ServerBusyError', 'The server is busy.')) };
    const stoppedBy = await resubmitRuleCheck('checks', 'gate-evaluator', { rules: rules as never, provisionedWithRule: true })();
    expect(stoppedBy).toMatch(/^ServerBusyError: could not read the rule "resubmit" of subscription "checks\/gate-evaluator" \(The server is busy\.\).*Run it again\.$/);
  });

  it('on the emulator, whose rules cannot be read, goes ahead only for a subscription of its generated config', async () => {
    await expect(resubmitRuleCheck('conformance', 'narrow', { rules: undefined, provisionedWithRule: true })()).resolves.toBeUndefined();
    await expect(resubmitRuleCheck('releases', 'my-team', { rules: undefined, provisionedWithRule: false })()).resolves.toMatch(
      /^MESSAGING\.RESUBMIT_RULE_UNREADABLE: the rules of this namespace cannot be read \(the Service Bus emulator/,
    );
  });
});
