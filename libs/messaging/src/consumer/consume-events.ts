import type { EventContract, EventOf } from '@switchyard/contracts';
import type { Bus, Receiver } from '../bus/bus.port';
import type { BusContext } from '../ctx-host/bus.context';
import { messagingSystemOf } from '../tracing/messaging-system';
import { settlementsToStderr } from '../logging/log-settlements';
import { createEventProcessor, settleFailureReporter } from './create-event-processor';
import type { EventHandler, EventRoute, SettlementObserver } from './event-handler';

/** Pairs a contract with its handler, keeping the handler's event type precise. */
export function on<C extends EventContract>(contract: C, handle: (event: EventOf<C>, ctx: BusContext) => unknown): EventRoute {
  return { contract, handle: handle as EventHandler };
}

/**
 * Consumes one subscription without Nest: each message is validated, handed to the route for its
 * type and settled by the outcome. Close the returned receiver to stop and drain.
 */
export function consumeEvents(
  bus: Bus,
  options: { topic: string; subscription: string; concurrency?: number; onSettled?: SettlementObserver },
  routes: readonly EventRoute[],
): Promise<Receiver> {
  const byType = new Map(routes.map((route) => [route.contract.type, route] as const));
  const onSettled = options.onSettled ?? settlementsToStderr;
  return bus.receive({ ...options, onSettleFailed: settleFailureReporter(onSettled) }, createEventProcessor(bus.topology, byType, onSettled, messagingSystemOf(bus.backend)));
}
