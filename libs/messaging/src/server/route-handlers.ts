import type { MessageHandler } from '@nestjs/microservices';
import { contractOf, type SubscriptionSpec, type Topology } from '../bus/topology';
import { BusConfigError } from '../errors/bus-config.error';
import { FOREIGN_CONSUMER_DOC } from '../errors/foreign-consumer-doc';
import type { EventRoute } from '../consumer/event-handler';
import { ON_EVENT_CONTRACT } from '../decorators/on-event.decorator';

/**
 * Assigns every registered Nest event handler to the service subscription that carries its type.
 * A handler no subscription would feed is a configuration error, reported at start-up.
 */
export function routeHandlers(
  service: string,
  topology: Topology,
  handlers: Map<string, MessageHandler>,
): Map<SubscriptionSpec, Map<string, EventRoute>> {
  const subscriptions = topology.subscriptions.filter((spec) => spec.name === service);
  const routes = new Map<SubscriptionSpec, Map<string, EventRoute>>(subscriptions.map((spec) => [spec, new Map()]));
  for (const [pattern, handler] of handlers) {
    if (!handler.isEventHandler) {
      throw new BusConfigError(pattern, 'BusTransport only delivers events; use @OnEvent(contract), not @MessagePattern');
    }
    const contract = (handler.extras?.[ON_EVENT_CONTRACT] as EventRoute['contract'] | undefined) ?? contractOf(topology, pattern);
    if (!contract) throw new BusConfigError(pattern, 'no event contract has this type; use @OnEvent(contract)');
    const spec = subscriptions.find((s) => s.topic === contract.topic && s.eventTypes.includes(contract.type));
    if (!spec) {
      throw new BusConfigError(
        contract.type,
        `service "${service}" handles it but none of its subscriptions on topic "${contract.topic}" takes it; add it to Subscriptions in @switchyard/contracts ` +
          `or, for a consumer outside switchyard, run the transport on a bus whose topology includes your subscription (${FOREIGN_CONSUMER_DOC})`,
      );
    }
    routes.get(spec)?.set(contract.type, { contract, handle: (event, ctx) => handler(event, ctx) });
  }
  return routes;
}
