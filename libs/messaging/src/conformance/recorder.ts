import type { EventEnvelope } from '@switchyard/contracts';
import type { BusContext } from '../ctx-host/bus.context';

export interface Received {
  event: EventEnvelope<{ run: string; n?: number }>;
  ctx: BusContext;
  at: number;
}

/** Records what a handler saw for one test run (events of other runs are ignored) and lets a test await it. */
export class Recorder {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly run: string) {}

  /** True when the event belongs to this run (and was recorded). */
  record(event: EventEnvelope, ctx: BusContext): boolean {
    const data = event.data as { run?: string };
    if (data?.run !== this.run) return false;
    this.received.push({ event: event as Received['event'], ctx, at: Date.now() });
    for (const wake of this.waiters.splice(0)) wake();
    return true;
  }

  until(predicate: (received: Received[]) => boolean, what: string, timeoutMs = 10_000): Promise<Received[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}; got ${this.received.length} deliveries`)), timeoutMs);
      const check = () => {
        if (predicate(this.received)) {
          clearTimeout(timer);
          resolve(this.received);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  count(n: number, timeoutMs?: number): Promise<Received[]> {
    return this.until((r) => r.length >= n, `${n} deliveries`, timeoutMs);
  }
}
