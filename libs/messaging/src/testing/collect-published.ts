import type { EventEnvelope } from '@switchyard/contracts';
import type { EmbeddedBus } from '../embedded/embedded-bus';
import { SharedEmbeddedBus } from '../embedded/shared-embedded-bus';
import type { Bus } from '../bus/bus.port';

export interface PublishedEvents {
  /** Events accepted on the topic so far (duplicates included), in order. */
  readonly events: EventEnvelope[];
  /** Resolves with the first `count` events, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<EventEnvelope[]>;
  stop(): void;
}

/** Records every event published on a topic of an embedded bus (or a shared handle on one). */
export function collectPublished(bus: EmbeddedBus | Bus, topic: string): PublishedEvents {
  const embedded = bus instanceof SharedEmbeddedBus ? bus.shared : (bus as EmbeddedBus);
  if (!('published$' in embedded)) throw new Error('collectPublished needs an embedded bus');
  const events: EventEnvelope[] = [];
  const waiters: (() => void)[] = [];
  const subscription = embedded.published$.subscribe((published) => {
    if (published.topic !== topic) return;
    events.push(published.message.body as EventEnvelope);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    events,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Only ${events.length} of ${count} events published on "${topic}" within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (events.length >= count) {
            clearTimeout(timer);
            resolve(events.slice(0, count));
          } else waiters.push(check);
        };
        check();
      });
    },
    stop: () => subscription.unsubscribe(),
  };
}
