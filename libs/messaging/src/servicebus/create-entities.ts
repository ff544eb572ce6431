import type { ServiceBusAdministrationClient } from '@azure/service-bus';
import { lockDurationMsOf, maxDeliveryCountOf, topicsOf, type Topology } from '../bus/topology';
import { subscriptionRules } from './subscription-rules';

/**
 * Creates missing topics (duplicate detection on), subscriptions and their correlation rules.
 * Only for the emulator and local namespaces (SERVICEBUS_CREATE_ENTITIES=true): production
 * entities come from infrastructure code.
 */
export async function createEntities(admin: ServiceBusAdministrationClient, topology: Topology): Promise<void> {
  for (const topic of topicsOf(topology)) {
    if (!(await admin.topicExists(topic))) {
      await admin.createTopic(topic, { requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: 'PT10M' });
    }
  }
  for (const spec of topology.subscriptions) {
    if (await admin.subscriptionExists(spec.topic, spec.name)) continue;
    await admin.createSubscription(spec.topic, spec.name, {
      maxDeliveryCount: maxDeliveryCountOf(spec),
      lockDuration: `PT${Math.round(lockDurationMsOf(spec) / 1000)}S`,
    });
    // A new subscription takes everything through "$Default"; ours take only their event types.
    await admin.deleteRule(spec.topic, spec.name, '$Default');
    for (const rule of subscriptionRules(spec)) await admin.createRule(spec.topic, spec.name, rule.name, rule.filter);
  }
}
