import { allContracts, contractForType, topicForType } from '../registry';
import { Subscriptions, subscriptionsFor } from './subscriptions';
import { allTopics, TopicSettings, Topics } from './topics';

describe('topics, subscriptions and the contract registry', () => {
  it('gives every contract a unique, versioned type on a known topic', () => {
    const types = allContracts.map((contract) => contract.type);
    expect(new Set(types).size).toBe(types.length);
    for (const contract of allContracts) {
      expect(contract.type).toMatch(/^(azure-devops|switchyard)\.[a-z0-9.-]+\.v\d+$/);
      expect(allTopics).toContain(contract.topic);
    }
  });

  it('looks contracts and topics up by type, and returns undefined for unknown types', () => {
    expect(contractForType('azure-devops.build.completed.v1')?.topic).toBe(Topics.builds);
    expect(topicForType('switchyard.check.requested.v1')).toBe('checks');
    expect(topicForType('azure-devops.release.deployment-completed.v1')).toBe('releases');
    expect(contractForType('azure-devops.build.completed.v2')).toBeUndefined();
    expect(topicForType('constructor')).toBeUndefined();
  });

  it('subscribes each service only to types that are published on that topic', () => {
    for (const subscription of Subscriptions) {
      expect(subscription.eventTypes.length).toBeGreaterThan(0);
      for (const type of subscription.eventTypes) expect(topicForType(type)).toBe(subscription.topic);
    }
  });

  it('uses 10 deliveries, a 60 s lock and a 10 minute duplicate-detection window', () => {
    for (const subscription of Subscriptions) {
      expect(subscription).toMatchObject({ maxDeliveryCount: 10, lockDurationSeconds: 60 });
    }
    expect(TopicSettings.map((t) => t.name).sort()).toEqual([...allTopics].sort());
    for (const topic of TopicSettings) expect(topic.duplicateDetectionWindowSeconds).toBe(600);
  });

  it('lists the subscriptions of each service', () => {
    const pairs = (service: string) => subscriptionsFor(service).map((s) => `${s.topic}/${s.name}`);
    expect(pairs('badge-renderer')).toEqual(['releases/badge-renderer', 'builds/badge-renderer']);
    expect(pairs('build-trigger')).toEqual(['pull-requests/build-trigger', 'build-trigger/build-trigger']);
    expect(pairs('gate-evaluator')).toEqual(['checks/gate-evaluator']);
    expect(pairs('ingress')).toEqual([]);
  });

  it('routes merges to the build trigger and deployments to the badge renderer', () => {
    const types = (service: string, topic: string) => subscriptionsFor(service).find((s) => s.topic === topic)?.eventTypes;
    expect(types('build-trigger', 'pull-requests')).toContain('azure-devops.git.pull-request-merged.v1');
    expect(types('badge-renderer', 'releases')).toContain('azure-devops.release.deployment-completed.v1');
    expect(types('gate-evaluator', 'checks')).toEqual(['switchyard.check.requested.v1', 'switchyard.check.reevaluation-due.v1']);
  });
});
