import type { Bus } from '../bus/bus.port';

/** `messaging.system` values: OpenTelemetry's name for Service Bus, and ours for the in-process twin. */
export type MessagingSystem = 'servicebus' | 'switchyard.embedded';

export function messagingSystemOf(backend: Bus['backend']): MessagingSystem {
  return backend === 'servicebus' ? 'servicebus' : 'switchyard.embedded';
}
