import { Subscriptions, TopicSettings, type SubscriptionDefinition } from '@switchyard/contracts';

/** What deploy/infra/main.bicep declares for Service Bus, derived from libs/contracts only. */
export interface MessagingInfra {
  $comment: string;
  topics: Array<{ name: string; duplicateDetectionHistoryTimeWindow: string }>;
  subscriptions: Array<{
    topic: string;
    topicIndex: number;
    name: string;
    maxDeliveryCount: number;
    lockDuration: string;
    /** Replaces the $Default (accept everything) rule: the subscription receives only these types. */
    sqlFilter: string;
    eventTypes: string[];
    /**
     * Lets a dead letter resubmitted by the dead-letter CLI back into this subscription and no other:
     * the copy's subject is `resubmit:<type>` (so no subject filter matches) and it carries
     * `switchyard-resubmit-to = <subscription name>`.
     */
    resubmitRule: { name: string; correlationProperties: Record<string, string> };
  }>;
  /** Consumers and the topics they read, for documentation and the KEDA manifests check. */
  consumers: Array<{ service: string; topics: string[] }>;
  /** Topics someone reads from (indexes into `topics`): KEDA needs to read their subscriptions' lengths. */
  consumedTopicIndexes: number[];
}

export const messagingInfraPath = 'deploy/infra/messaging.generated.json';

/** Same names as libs/messaging's servicebus/subscription-rules.ts (a deploy test keeps them equal). */
export const RESUBMIT_RULE_NAME = 'resubmit';
export const RESUBMIT_TO_PROPERTY = 'switchyard-resubmit-to';

const seconds = (value: number) => `PT${value}S`;

/** The Service Bus filter expression matching exactly these event types on the message subject (sys.Label). */
export function subjectFilter(eventTypes: readonly string[]): string {
  const quoted = eventTypes.map((type) => `'${type.replace(/'/g, "''")}'`);
  return `sys.Label IN (${quoted.join(', ')})`;
}

export function buildMessagingInfra(
  topics: readonly { name: string; duplicateDetectionWindowSeconds: number }[] = TopicSettings,
  subscriptions: readonly SubscriptionDefinition[] = Subscriptions,
): MessagingInfra {
  const topicNames = topics.map((t) => t.name);
  const consumers = new Map<string, string[]>();
  for (const s of subscriptions) consumers.set(s.name, [...(consumers.get(s.name) ?? []), s.topic]);
  return {
    $comment: `Generated from libs/contracts (Topics, Subscriptions) by deploy/scripts/generate-messaging-infra.ts; do not edit.`,
    topics: topics.map((t) => ({ name: t.name, duplicateDetectionHistoryTimeWindow: seconds(t.duplicateDetectionWindowSeconds) })),
    subscriptions: subscriptions.map((s) => {
      const topicIndex = topicNames.indexOf(s.topic);
      if (topicIndex < 0) throw new Error(`Subscription ${s.topic}/${s.name} names a topic that TopicSettings does not declare`);
      return {
        topic: s.topic,
        topicIndex,
        name: s.name,
        maxDeliveryCount: s.maxDeliveryCount,
        lockDuration: seconds(s.lockDurationSeconds),
        sqlFilter: subjectFilter(s.eventTypes),
        eventTypes: [...s.eventTypes],
        resubmitRule: { name: RESUBMIT_RULE_NAME, correlationProperties: { [RESUBMIT_TO_PROPERTY]: s.name } },
      };
    }),
    consumers: [...consumers].map(([service, consumed]) => ({ service, topics: consumed })),
    consumedTopicIndexes: [...new Set(subscriptions.map((s) => topicNames.indexOf(s.topic)))].sort((a, b) => a - b),
  };
}

export function renderMessagingInfra(infra: MessagingInfra = buildMessagingInfra()): string {
  return `${JSON.stringify(infra, null, 2)}\n`;
}
