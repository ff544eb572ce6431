import type { OutcomePublisher, OutcomePublisherStats } from './outcome-publisher.port';

/** Used when EVENTGRID_ENDPOINT is unset: outcomes stay on the bus only. */
export class NoopOutcomePublisher implements OutcomePublisher {
  readonly enabled = false;

  publish(): void {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

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
