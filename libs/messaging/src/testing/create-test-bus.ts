import { EmbeddedBus } from '../embedded/embedded-bus';
import type { EmbeddedBusOptions } from '../embedded/embedded-options';

/**
 * An EmbeddedBus with timings short enough for tests: locks of 1 s, 3 deliveries before
 * dead-lettering, redeliveries 50 ms then 100 ms after a failure (override any option). Close it in afterEach.
 */
export function createTestBus(options: EmbeddedBusOptions = {}): EmbeddedBus {
  return new EmbeddedBus({ lockDurationMs: 1000, maxDeliveryCount: 3, publishTimeoutMs: 2000, redeliveryDelay: { firstMs: 50, maxMs: 200 }, ...options });
}
