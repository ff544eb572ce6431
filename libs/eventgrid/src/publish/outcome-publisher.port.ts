import type { EventEnvelope } from '@switchyard/contracts';

/** Counts since start; `dropped` events were given up on, each with a logged reason. */
export interface OutcomePublisherStats {
  accepted: number;
  delivered: number;
  failedAttempts: number;
  dropped: { queueFull: number; rejected: number; retriesExhausted: number; shutdown: number };
  queued: number;
}

/**
 * Sends outcome events to other teams outside the bus. `publish` never throws and never waits:
 * the main effect (badge written, build queued, check decided) has already happened and must not
 * depend on Event Grid being up.
 */
export interface OutcomePublisher {
  readonly enabled: boolean;
  publish(event: EventEnvelope): void;
  /** Resolves when everything queued so far was delivered or given up on (or after `timeoutMs`). */
  flush(timeoutMs?: number): Promise<void>;
  /** Stops accepting events, flushes for at most `timeoutMs`, then drops (and counts) the rest. */
  close(timeoutMs?: number): Promise<void>;
  stats(): OutcomePublisherStats;
}
