import { createOutcomePublisher, forwardOutcomes, outcomeEventTypes, type OutcomeLogger, type OutcomePublisher } from '@switchyard/eventgrid';
import type { Bus, EventPublisher } from '@switchyard/messaging';
import type { Registry } from 'prom-client';

export interface BusWithOutcomes {
  /** The same bus, whose publisher also hands outcome events (badge rendered, build queued, check decided) to Event Grid. */
  bus: Bus;
  /** Flushes what Event Grid still has queued (bounded), then stops forwarding. Call when the service closes. */
  close(): Promise<void>;
}

/**
 * Outcome events go to Event Grid as well as the bus when EVENTGRID_ENDPOINT is set. The bus publish
 * stays the main effect: Event Grid is fed only after the bus accepted the event, and never blocks it.
 */
export function withOutcomesToEventGrid(
  bus: Bus,
  env: Record<string, string | undefined>,
  options: { registry?: Registry; logger?: OutcomeLogger; outcomes?: OutcomePublisher } = {},
): BusWithOutcomes {
  const outcomes = options.outcomes ?? createOutcomePublisher(env, { registry: options.registry, logger: options.logger });
  if (!outcomes.enabled) return { bus, close: () => outcomes.close() };
  const publisher = forwardOutcomes(bus.publisher, outcomes, outcomeEventTypes()) as EventPublisher;
  const forwarding: Bus = {
    backend: bus.backend,
    topology: bus.topology,
    publisher,
    status$: bus.status$,
    receive: (receive, process) => bus.receive(receive, process),
    deadLetters: (topic, subscription) => bus.deadLetters(topic, subscription),
    close: () => bus.close(),
  };
  return { bus: forwarding, close: () => outcomes.close() };
}
