/** Service Bus topics. Each contract travels on exactly one of them. */
export const Topics = {
  releases: 'releases',
  builds: 'builds',
  pullRequests: 'pull-requests',
  serviceHooks: 'service-hooks',
  checks: 'checks',
  buildTrigger: 'build-trigger',
  outcomes: 'outcomes',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const allTopics: readonly TopicName[] = Object.values(Topics);

/**
 * Duplicate detection on every topic: the envelope id is the Service Bus messageId, so a hook that
 * Azure DevOps redelivers within this window is dropped by the broker.
 */
export const duplicateDetectionWindowSeconds = 600;

export interface TopicSettings {
  readonly name: TopicName;
  readonly duplicateDetectionWindowSeconds: number;
}

export const TopicSettings: readonly TopicSettings[] = allTopics.map((name) => ({
  name,
  duplicateDetectionWindowSeconds,
}));
