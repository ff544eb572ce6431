import { EmbeddedBus } from '../embedded/embedded-bus';
import { SharedEmbeddedBus } from '../embedded/shared-embedded-bus';
import { createServiceBusBus } from '../servicebus/create-servicebus-bus';
import type { Bus } from './bus.port';
import type { BusOptions } from './bus-options';

/**
 * Creates the bus: `embedded` (a new EmbeddedBus, or a handle on a shared one) or `servicebus`.
 * A Service Bus bus starts in state "starting" while it connects (and creates entities when
 * asked); publish and receive wait for that, and `status$` reports the outcome.
 */
export function createBus(options: BusOptions): Bus {
  if (options.backend === 'embedded') {
    return options.embedded ? new SharedEmbeddedBus(options.embedded) : new EmbeddedBus(options.embeddedOptions);
  }
  return createServiceBusBus(options);
}
