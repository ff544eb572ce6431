import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Subscription } from 'rxjs';
import type { BusState, BusStatus, Receiver } from '../bus/bus.port';
import { DEFAULT_CONCURRENCY } from '../bus/constants';
import { createEventProcessor, settleFailureReporter } from '../consumer/create-event-processor';
import { settlementsToStderr } from '../logging/log-settlements';
import { messagingSystemOf } from '../tracing/messaging-system';
import type { BusTransportOptions } from './bus-transport.options';
import { routeHandlers } from './route-handlers';

type StatusListener = (status: BusStatus) => void;

/**
 * Nest transport over a Bus: receives (peek-lock) on the service's subscriptions, validates each
 * event with its contract, AWAITS the @OnEvent handler and settles by its outcome.
 * Closing stops receiving and drains handlers in flight; the bus itself belongs to the caller.
 */
export class BusTransport extends Server<Record<string, StatusListener>, BusState> implements CustomTransportStrategy {
  private receivers: Receiver[] = [];
  private statusSubscription: Subscription | undefined;
  private readonly listeners: StatusListener[] = [];

  constructor(private readonly options: BusTransportOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { bus, service } = this.options;
      this.statusSubscription = bus.status$.subscribe((status) => {
        this._status$.next(status.state);
        for (const listener of this.listeners) listener(status);
      });
      const routes = routeHandlers(service, bus.topology, this.getHandlers());
      const onSettled = this.options.onSettled ?? settlementsToStderr;
      for (const [spec, byType] of routes) {
        if (byType.size === 0) continue;
        const receiver = await bus.receive(
          {
            topic: spec.topic,
            subscription: spec.name,
            concurrency: this.options.concurrency ?? DEFAULT_CONCURRENCY,
            onSettleFailed: settleFailureReporter(onSettled),
          },
          createEventProcessor(bus.topology, byType, onSettled, messagingSystemOf(bus.backend)),
        );
        this.receivers.push(receiver);
      }
      callback();
    } catch (error) {
      await this.close();
      callback(error);
    }
  }

  async close(): Promise<void> {
    const receivers = this.receivers;
    this.receivers = [];
    await Promise.all(receivers.map((receiver) => receiver.close()));
    this.statusSubscription?.unsubscribe();
    this.statusSubscription = undefined;
  }

  /** `on('status', listener)`: bus status changes (with error codes when degraded). */
  on(event: string, callback: StatusListener): void {
    if (event !== 'status') throw new Error(`BusTransport emits only "status" events, not "${event}"`);
    this.listeners.push(callback);
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}
