import { type SubscriptionSpec, type Topology } from '../../bus/topology';

/** A `topic/name` argument that does not name a declared subscription. */
export class SubscriptionRefError extends Error {
  readonly code = 'MESSAGING.UNKNOWN_SUBSCRIPTION';

  constructor(ref: string, topology: Topology) {
    super(`"${ref}" is not a subscription; use topic/name, one of: ${topology.subscriptions.map(refOf).join(', ')}`);
    this.name = 'SubscriptionRefError';
  }
}

export function refOf(spec: Pick<SubscriptionSpec, 'topic' | 'name'>): string {
  return `${spec.topic}/${spec.name}`;
}

/** The subscriptions a `topic/name` names (every declared one when omitted). */
export function resolveSubscriptions(topology: Topology, ref: string | undefined): SubscriptionSpec[] {
  if (ref === undefined || ref === '') return [...topology.subscriptions];
  const spec = topology.subscriptions.find((s) => refOf(s) === ref);
  if (!spec) throw new SubscriptionRefError(ref, topology);
  return [spec];
}
