import { PullRequestCreated, PullRequestMerged, PullRequestUpdated, type EventEnvelope, type PullRequestData } from '@switchyard/contracts';
import type { TriggerEventName } from '../rules/rules-file.schema';

/** A pull-request event as the rules see it. */
export interface PullRequestTrigger {
  name: TriggerEventName;
  eventId: string;
  /** The envelope time: the hook's createdDate, else when the ingress received it. */
  time: string;
  pullRequest: PullRequestData;
}

const namesByType: Record<string, TriggerEventName> = {
  [PullRequestMerged.type]: 'pullrequest.merged',
  [PullRequestUpdated.type]: 'pullrequest.updated',
  [PullRequestCreated.type]: 'pullrequest.created',
};

/** The trigger for a pull-request envelope, or undefined for any other event type. */
export function pullRequestTriggerOf(event: EventEnvelope<unknown>): PullRequestTrigger | undefined {
  const name = namesByType[event.type];
  if (!name) return undefined;
  return { name, eventId: event.id, time: event.time, pullRequest: event.data as PullRequestData };
}
