import { createOutcomePublisher, forwardOutcomes, outcomeEventTypes, type OutcomeLogger, type OutcomePublisher } from '@switchyard/eventgrid';
import { overrideBus, type Bus, type EventPublisher } from '@switchyard/messaging';
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
  return { bus: overrideBus(bus, { publisher }), close: () => outcomes.close() };
}
