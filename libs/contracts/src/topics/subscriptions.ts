import { Topics, type TopicName } from './topics';
import { ReleaseDeploymentStarted } from '../release/release-deployment-started.event';
import { ReleaseDeploymentCompleted } from '../release/release-deployment-completed.event';
import { BuildCompleted } from '../build/build-completed.event';
import { StageStateChanged } from '../pipelines/stage-state-changed.event';
import { PullRequestCreated } from '../git/pull-request-created.event';
import { PullRequestMerged } from '../git/pull-request-merged.event';
import { PullRequestUpdated } from '../git/pull-request-updated.event';
import { BuildTriggerCoalesceDue } from '../build-trigger/build-trigger-coalesce-due.event';
import { CheckRequested } from '../checks/check-requested.event';
import { CheckReevaluationDue } from '../checks/check-reevaluation-due.event';

/** A topic subscription owned by one service; it receives only `eventTypes` (filter on the message subject). */
export interface SubscriptionDefinition {
  readonly topic: TopicName;
  /** The subscription name, which is also the owning service's name. */
  readonly name: string;
  readonly eventTypes: readonly string[];
  readonly maxDeliveryCount: number;
  readonly lockDurationSeconds: number;
}

export const defaultMaxDeliveryCount = 10;
export const defaultLockDurationSeconds = 60;

const subscription = (topic: TopicName, name: string, eventTypes: string[]): SubscriptionDefinition =>
  Object.freeze({
    topic,
    name,
    eventTypes: Object.freeze(eventTypes),
    maxDeliveryCount: defaultMaxDeliveryCount,
    lockDurationSeconds: defaultLockDurationSeconds,
  });

export const Subscriptions: readonly SubscriptionDefinition[] = Object.freeze([
  subscription(Topics.releases, 'badge-renderer', [ReleaseDeploymentStarted.type, ReleaseDeploymentCompleted.type]),
  subscription(Topics.builds, 'badge-renderer', [BuildCompleted.type, StageStateChanged.type]),
  // A build-trigger rule reacts to one of these three; git.pullrequest.merged is "merge attempted"
  // (also sent for an open PR's test merge), so a completed PR is told by its status in either.
  subscription(Topics.pullRequests, 'build-trigger', [PullRequestCreated.type, PullRequestMerged.type, PullRequestUpdated.type]),
  subscription(Topics.buildTrigger, 'build-trigger', [BuildTriggerCoalesceDue.type]),
  subscription(Topics.checks, 'gate-evaluator', [CheckRequested.type, CheckReevaluationDue.type]),
]);

/** The subscriptions a service consumes from (empty for a service that only publishes). */
export function subscriptionsFor(serviceName: string): SubscriptionDefinition[] {
  return Subscriptions.filter((s) => s.name === serviceName);
}
