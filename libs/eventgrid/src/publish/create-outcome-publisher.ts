import type { TokenCredential } from '@azure/identity';
import pino from 'pino';
import type { Registry } from 'prom-client';
import { eventGridConfigFromEnv } from '../config/eventgrid-config';
import { createOutcomeMetrics } from '../metrics/outcome-metrics';
import type { BackoffOptions } from './backoff';
import { EventGridOutcomePublisher } from './eventgrid-outcome-publisher';
import { NoopOutcomePublisher } from './noop-outcome-publisher';
import type { OutcomeLogger } from './outcome-logger';
import type { OutcomePublisher } from './outcome-publisher.port';
import { createSendBatch } from './send-batch';

export interface OutcomePublisherOptions {
  /** Where the failure counters and queue-depth gauge go (the service's /metrics registry). */
  registry?: Registry;
  logger?: OutcomeLogger;
  /** Used instead of DefaultAzureCredential when EVENTGRID_KEY is unset. */
  credential?: TokenCredential;
  backoff?: Partial<BackoffOptions>;
}

/**
 * The Event Grid side channel for outcome events, configured from EVENTGRID_* variables: a no-op when
 * EVENTGRID_ENDPOINT is unset. Throws EventGridConfigError at start-up when a variable is malformed.
 */
export function createOutcomePublisher(
  env: Record<string, string | undefined> = process.env,
  options: OutcomePublisherOptions = {},
): OutcomePublisher {
  const config = eventGridConfigFromEnv(env);
  if (!config) return new NoopOutcomePublisher();
  const queue = { depth: () => 0 };
  const metrics = options.registry ? createOutcomeMetrics(options.registry, () => queue.depth()) : undefined;
  const publisher = new EventGridOutcomePublisher({
    send: createSendBatch({ endpoint: config.endpoint, key: config.key, credential: options.credential }),
    endpoint: config.endpoint,
    batchSize: config.batchSize,
    queueLimit: config.queueLimit,
    maxAttempts: config.maxAttempts,
    timeoutMs: config.timeoutMs,
    backoff: { baseMs: options.backoff?.baseMs ?? 500, maxMs: options.backoff?.maxMs ?? 30_000 },
    logger: options.logger ?? pino({ name: 'eventgrid-outcomes' }),
    metrics,
    secret: config.key,
  });
  queue.depth = () => publisher.stats().queued;
  return publisher;
}
