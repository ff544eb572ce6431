import { lockDurationMsOf, maxDeliveryCountOf, topicsOf, type Topology } from '../bus/topology';
import { subscriptionRules } from './subscription-rules';

/**
 * The Service Bus emulator's Config.json for a topology (the emulator has no management API, so
 * entities must be declared up front): duplicate detection on every topic, and per subscription the
 * same correlation rules SERVICEBUS_CREATE_ENTITIES creates on a namespace.
 */
export function serviceBusEmulatorConfig(topology: Topology, namespace = 'sbemulatorns'): object {
  return {
    UserConfig: {
      Namespaces: [
        {
          Name: namespace,
          Queues: [],
          Topics: topicsOf(topology).map((topic) => ({
            Name: topic,
            Properties: { DefaultMessageTimeToLive: 'PT1H', DuplicateDetectionHistoryTimeWindow: 'PT10M', RequiresDuplicateDetection: true },
            Subscriptions: topology.subscriptions
              .filter((spec) => spec.topic === topic)
              .map((spec) => ({
                Name: spec.name,
                Properties: {
                  DeadLetteringOnMessageExpiration: false,
                  DefaultMessageTimeToLive: 'PT1H',
                  LockDuration: `PT${Math.round(lockDurationMsOf(spec) / 1000)}S`,
                  MaxDeliveryCount: maxDeliveryCountOf(spec),
                  ForwardDeadLetteredMessagesTo: '',
                  ForwardTo: '',
                  RequiresSession: false,
                },
                Rules: subscriptionRules(spec).map((rule) => ({
                  Name: rule.name,
                  Properties: {
                    FilterType: 'Correlation',
                    CorrelationFilter: {
                      ...(rule.filter.subject !== undefined && { Label: rule.filter.subject }),
                      ...(rule.filter.applicationProperties && { Properties: rule.filter.applicationProperties }),
                    },
                  },
                })),
              })),
          })),
        },
      ],
      Logging: { Type: 'File' },
    },
  };
}
