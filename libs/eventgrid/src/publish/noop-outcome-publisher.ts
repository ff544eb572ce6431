import type { EventEnvelope } from '@switchyard/contracts';
import type { OutcomePublisher, OutcomePublisherStats } from './outcome-publisher.port';

/** Used when EVENTGRID_ENDPOINT is unset: outcomes stay on the bus only. */
export class NoopOutcomePublisher implements OutcomePublisher {
  readonly enabled = false;

  publish(_event: EventEnvelope): void {
    // Nothing to do: without EVENTGRID_ENDPOINT outcomes are only on the bus's outcomes topic.
  }

  async flush(): Promise<void> {
    // Nothing is ever queued.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  stats(): OutcomePublisherStats {
    return {
      accepted: 0,
      delivered: 0,
      failedAttempts: 0,
      dropped: { queueFull: 0, rejected: 0, retriesExhausted: 0, shutdown: 0 },
      queued: 0,
    };
  }
}
