import type { Bus } from '../bus/bus.port';
import type { ServiceBusConnection } from '../bus/bus-options';
import { ServiceBusBus } from './servicebus-bus';

export function createServiceBusBus(options: ServiceBusConnection): Bus {
  return new ServiceBusBus(options);
}
