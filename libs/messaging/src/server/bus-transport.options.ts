import type { Bus } from '../bus/bus.port';
import type { SettlementObserver } from '../consumer/event-handler';

export interface BusTransportOptions {
  bus: Bus;
  /** The service name; the transport receives on the subscriptions of that name. */
  service: string;
  /** Handlers that may run at once per subscription (default 1). */
  concurrency?: number;
  /** Called after every settlement (complete / abandon with its error / dead-letter with its reason): log and count here. */
  onSettled?: SettlementObserver;
}
