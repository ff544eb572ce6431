import type { EventContract } from './envelope/define-event';
import { ReleaseDeploymentStarted } from './release/release-deployment-started.event';
import { ReleaseDeploymentCompleted } from './release/release-deployment-completed.event';
import { BuildCompleted } from './build/build-completed.event';
import { PullRequestCreated } from './git/pull-request-created.event';
import { PullRequestUpdated } from './git/pull-request-updated.event';
import { PullRequestMerged } from './git/pull-request-merged.event';
import { StageStateChanged } from './pipelines/stage-state-changed.event';
import { ServiceHookReceived } from './service-hooks/service-hook-received.event';
import { CheckRequested } from './checks/check-requested.event';
import { CheckReevaluationDue } from './checks/check-reevaluation-due.event';
import { BadgeRendered } from './outcomes/badge-rendered.event';
import { BuildQueued } from './outcomes/build-queued.event';
import { CheckDecided } from './outcomes/check-decided.event';
import { BuildTriggerCoalesceDue } from './build-trigger/build-trigger-coalesce-due.event';
import type { TopicName } from './topics/topics';

export const allContracts = [
  ReleaseDeploymentStarted,
  ReleaseDeploymentCompleted,
  BuildCompleted,
  PullRequestCreated,
  PullRequestUpdated,
  PullRequestMerged,
  StageStateChanged,
  ServiceHookReceived,
  CheckRequested,
  CheckReevaluationDue,
  BadgeRendered,
  BuildQueued,
  CheckDecided,
  BuildTriggerCoalesceDue,
] as const;

export type AnyContract = (typeof allContracts)[number];
export type EventType = AnyContract['type'];

const byType = new Map<string, EventContract>(allContracts.map((contract) => [contract.type, contract]));

/** The contract of an event type, or undefined for a type this version does not know. */
export function contractForType(type: string): EventContract | undefined {
  return byType.get(type);
}

/** The topic an event type is published on, or undefined for an unknown type. */
export function topicForType(type: string): TopicName | undefined {
  return byType.get(type)?.topic as TopicName | undefined;
}
