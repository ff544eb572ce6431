import { ConformanceAlpha, ConformanceBeta, conformanceTopology } from '../conformance/conformance-topology';
import { serviceBusEmulatorConfig } from './emulator-config';
import { RESUBMIT_TO_PROPERTY, subscriptionRules } from './subscription-rules';

describe('subscription rules', () => {
  it('filters on subject per event type, plus a rule for resubmitted dead letters of this subscription', () => {
    expect(subscriptionRules(conformanceTopology.subscriptions[0])).toEqual([
      { name: ConformanceAlpha.type, filter: { subject: ConformanceAlpha.type } },
      { name: ConformanceBeta.type, filter: { subject: ConformanceBeta.type } },
      { name: 'resubmit', filter: { applicationProperties: { [RESUBMIT_TO_PROPERTY]: 'wide' } } },
    ]);
  });

  it('keeps rule names within 50 characters and unique', () => {
    const long = 'azure-devops.release.deployment-completed.with-a-very-long-suffix';
    const rules = subscriptionRules({ topic: 't', name: 's', eventTypes: [`a.${long}`, `b.${long}`] });
    expect(rules.every((rule) => rule.name.length <= 50)).toBe(true);
    expect(new Set(rules.map((rule) => rule.name)).size).toBe(3);
  });

  it('declares the same entities for the emulator', () => {
    const config = serviceBusEmulatorConfig(conformanceTopology) as {
      UserConfig: { Namespaces: { Topics: { Name: string; Properties: object; Subscriptions: { Name: string; Properties: object; Rules: unknown[] }[] }[] }[] };
    };
    const [topic] = config.UserConfig.Namespaces[0].Topics;
    expect(topic).toMatchObject({ Name: 'conformance', Properties: { RequiresDuplicateDetection: true } });
    expect(topic.Subscriptions.map((s) => s.Name)).toEqual(['wide', 'narrow']);
    expect(topic.Subscriptions[1]).toMatchObject({
      Properties: { MaxDeliveryCount: 3, LockDuration: 'PT5S' },
      Rules: [
        { Name: ConformanceAlpha.type, Properties: { FilterType: 'Correlation', CorrelationFilter: { Label: ConformanceAlpha.type } } },
        { Name: 'resubmit', Properties: { CorrelationFilter: { Properties: { [RESUBMIT_TO_PROPERTY]: 'narrow' } } } },
      ],
    });
  });
});
