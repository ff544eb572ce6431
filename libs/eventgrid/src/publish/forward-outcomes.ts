import type { EventEnvelope } from '@switchyard/contracts';
import type { OutcomePublisher } from './outcome-publisher.port';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors whatever options the bus publisher takes
type PublishFn = (event: EventEnvelope, ...rest: any[]) => Promise<unknown>;

/**
 * Wraps a bus publisher (e.g. @switchyard/messaging's EventPublisher) so that events of the given types
 * also go to Event Grid, but only once the bus accepted them: an outcome the bus refused did not happen.
 * The Event Grid side is fire-and-forget: it never delays or fails the bus publish.
 */
export function forwardOutcomes<P extends { publish: PublishFn }>(
  bus: P,
  outcomes: OutcomePublisher,
  outcomeTypes: Iterable<string>,
): Pick<P, 'publish'> {
  const types = new Set(outcomeTypes);
  const publish = async (event: EventEnvelope, ...rest: unknown[]) => {
    const result = await bus.publish(event, ...rest);
    if (types.has(event.type)) outcomes.publish(event);
    return result;
  };
  return { publish: publish as P['publish'] };
}
