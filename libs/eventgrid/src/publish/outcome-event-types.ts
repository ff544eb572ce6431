import { allContracts, Topics } from '@switchyard/contracts';

/** The event types that travel on the outcomes topic: the ones other teams may read from Event Grid. */
export function outcomeEventTypes(): string[] {
  return allContracts.filter((contract) => contract.topic === Topics.outcomes).map((contract) => contract.type);
}
