import * as contracts from '@switchyard/contracts';
import type { EventContract } from '@switchyard/contracts';
import { DEFAULT_LOCK_DURATION_SECONDS, DEFAULT_MAX_DELIVERY_COUNT } from './constants';

/** A topic subscription: the event types it takes, how often it retries, how long a lock lasts. */
export interface SubscriptionSpec {
  topic: string;
  name: string;
  eventTypes: readonly string[];
  maxDeliveryCount?: number;
  lockDurationSeconds?: number;
}

/** Which events exist (and so which topic each travels on) and who subscribes to them. */
export interface Topology {
  contracts: readonly EventContract[];
  subscriptions: readonly SubscriptionSpec[];
}

/** The system's topology as declared in @switchyard/contracts. */
export function defaultTopology(): Topology {
  return { contracts: contracts.allContracts, subscriptions: contracts.Subscriptions };
}

export function contractOf(topology: Topology, type: string): EventContract | undefined {
  return topology.contracts.find((contract) => contract.type === type);
}

export function topicsOf(topology: Topology): string[] {
  const topics = new Set(topology.contracts.map((contract) => contract.topic));
  for (const subscription of topology.subscriptions) topics.add(subscription.topic);
  return [...topics];
}

export function findSubscription(topology: Topology, topic: string, name: string): SubscriptionSpec | undefined {
  return topology.subscriptions.find((s) => s.topic === topic && s.name === name);
}

export function maxDeliveryCountOf(spec: SubscriptionSpec | undefined): number {
  return spec?.maxDeliveryCount ?? DEFAULT_MAX_DELIVERY_COUNT;
}

export function lockDurationMsOf(spec: SubscriptionSpec | undefined): number {
  return (spec?.lockDurationSeconds ?? DEFAULT_LOCK_DURATION_SECONDS) * 1000;
}
