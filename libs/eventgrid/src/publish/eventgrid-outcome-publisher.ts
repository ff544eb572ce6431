import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import type { SendCloudEventInput } from '@azure/eventgrid';
import type { EventEnvelope } from '@switchyard/contracts';
import type { OutcomeMetrics } from '../metrics/outcome-metrics';
import { backoffDelay, type BackoffOptions } from './backoff';
import { classifyFailure } from './classify-failure';
import type { OutcomeLogger } from './outcome-logger';
import type { OutcomePublisher, OutcomePublisherStats } from './outcome-publisher.port';
import type { SendBatch } from './send-batch';
import { sendDestinationOf, withSendSpan, type SendDestination } from './send-span';
import { toCloudEvent } from './to-cloud-event';

// Event Grid refuses requests over 1 MB; stay below it with room for the JSON array around the events.
const maxBatchBytes = 1_000_000 - 4_096;
/** Answers that refuse a request for what is in it (a bad or too large event), not for who sent it. */
const splittable = new Set(['400', '413']);
const idsPerLine = 100;
// A Retry-After is honoured up to this long: past it the queue would fill up waiting anyway.
const maxRetryAfterMs = 60_000;

interface Queued {
  event: SendCloudEventInput<unknown>;
  bytes: number;
}

export interface EventGridOutcomePublisherOptions {
  send: SendBatch;
  /** The topic endpoint `send` posts to; send spans name its host only. */
  endpoint: string;
  batchSize: number;
  queueLimit: number;
  maxAttempts: number;
  timeoutMs: number;
  backoff: BackoffOptions;
  logger: OutcomeLogger;
  metrics?: OutcomeMetrics;
  /** Masked out of every logged error message. */
  secret?: string;
}

/**
 * Bounded in-memory queue drained by one sender loop: batches are sent one at a time (so Event Grid
 * sees outcomes in order), each retried with backoff up to maxAttempts, then dropped with a count and a
 * logged reason. Nothing here ever throws into, or waits inside, `publish`.
 */
export class EventGridOutcomePublisher implements OutcomePublisher {
  readonly enabled = true;
  private readonly queue: Queued[] = [];
  private readonly counts: OutcomePublisherStats = {
    accepted: 0,
    delivered: 0,
    failedAttempts: 0,
    dropped: { queueFull: 0, rejected: 0, retriesExhausted: 0, shutdown: 0 },
    queued: 0,
  };
  private draining?: Promise<void>;
  private closed = false;
  private readonly shutdown = new AbortController();
  private readonly destination: SendDestination;

  constructor(private readonly options: EventGridOutcomePublisherOptions) {
    this.destination = sendDestinationOf(options.endpoint);
  }

  publish(envelope: EventEnvelope): void {
    try {
      if (this.closed) {
        this.drop('shutdown', [envelope.id], 'publisher is closed');
        return;
      }
      if (this.queue.length >= this.options.queueLimit) {
        this.drop('queueFull', [envelope.id], `queue holds ${this.options.queueLimit} events (EVENTGRID_QUEUE_LIMIT)`);
        return;
      }
      const event = toCloudEvent(envelope);
      const bytes = Buffer.byteLength(JSON.stringify(event));
      if (bytes > maxBatchBytes) {
        this.drop('rejected', [envelope.id], `event is ${bytes} bytes; Event Grid accepts at most 1 MB`);
        return;
      }
      this.queue.push({ event, bytes });
      this.counts.accepted += 1;
      this.startDraining();
    } catch (error) {
      // A malformed envelope must not break the caller's main effect either.
      this.drop('rejected', [String(envelope?.id)], `cannot be mapped to a CloudEvent: ${String(error)}`);
    }
  }

  async flush(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([this.idle(), deadline]);
    clearTimeout(timer);
  }

  async close(timeoutMs = 5_000): Promise<void> {
    this.closed = true;
    await this.flush(timeoutMs);
    this.shutdown.abort();
    await this.draining;
    const left = this.queue.splice(0);
    if (left.length > 0) this.drop('shutdown', left.map((q) => q.event.id ?? ''), 'still queued when the publisher closed');
    this.options.metrics?.release();
  }

  stats(): OutcomePublisherStats {
    return { ...this.counts, dropped: { ...this.counts.dropped }, queued: this.queue.length };
  }

  private async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private startDraining(): void {
    if (this.draining) return;
    // setImmediate lets events published in the same tick leave in one batch. The loop runs outside
    // the trace of whichever publish started it: a batch carries events of other hooks too, so each
    // send span takes its place from the events it carries (withSendSpan), never from the caller.
    this.draining = context.with(ROOT_CONTEXT, () =>
      new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.drainQueue())
        .finally(() => {
          this.draining = undefined;
          // A publish in the microtasks between the loop's last look at the queue and here saw the
          // loop still running and did not start one: start it for them.
          if (this.queue.length > 0 && !this.shutdown.signal.aborted) this.startDraining();
        }),
    );
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0 && !this.shutdown.signal.aborted) {
      await this.deliver(this.takeBatch());
    }
  }

  private takeBatch(): Queued[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && count < this.options.batchSize && bytes + this.queue[count].bytes <= maxBatchBytes) {
      bytes += this.queue[count].bytes;
      count += 1;
    }
    return this.queue.splice(0, Math.max(count, 1));
  }

  /** Sends a batch (retrying what a retry can cure); resolves to how many of its events Event Grid refused. */
  private async deliver(batch: Queued[]): Promise<number> {
    const events = batch.map((q) => q.event);
    const ids = events.map((e) => e.id ?? '');
    for (let attempt = 1; ; attempt += 1) {
      try {
        await withSendSpan(this.destination, events, () => this.sendOnce(events), (error) => this.failureType(error));
        this.counts.delivered += events.length;
        this.options.metrics?.delivered(events.length);
        return 0;
      } catch (error) {
        if (this.shutdown.signal.aborted) {
          this.drop('shutdown', ids, 'publisher closed during delivery');
          return 0;
        }
        const failure = classifyFailure(error, this.options.secret);
        this.counts.failedAttempts += 1;
        this.options.metrics?.failedAttempt(failure.status);
        if (!failure.retryable) {
          const why = `Event Grid answered ${failure.status}: ${failure.message}`;
          // Event Grid refuses a whole request for one bad event: halve the batch to give up on that one
          // only. When a whole half of several events is refused too, the cause is shared by the events
          // (e.g. the topic's schema), so the other half is given up on without more requests.
          if (batch.length > 1 && splittable.has(failure.status)) {
            const half = Math.ceil(batch.length / 2);
            const refused = await this.deliver(batch.slice(0, half));
            if (refused === half && half > 1) return refused + this.drop('rejected', ids.slice(half), `${why} (as did ${half} of the events sent with these)`);
            return refused + (await this.deliver(batch.slice(half)));
          }
          return this.drop('rejected', ids, why);
        }
        if (attempt >= this.options.maxAttempts) {
          this.drop('retriesExhausted', ids, `${attempt} attempts failed (EVENTGRID_MAX_ATTEMPTS); last: ${failure.status} ${failure.message}`);
          return 0;
        }
        const delayMs = Math.max(backoffDelay(attempt, this.options.backoff), Math.min(failure.retryAfterMs ?? 0, maxRetryAfterMs));
        this.options.logger.warn(
          { status: failure.status, attempt, delayMs, events: ids.length, error: failure.message },
          'Event Grid publish failed; retrying',
        );
        await this.sleep(delayMs);
      }
    }
  }

  private async sendOnce(events: SendCloudEventInput<unknown>[]): Promise<void> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = AbortSignal.any([this.shutdown.signal, timeout]);
    try {
      signal.throwIfAborted();
      // The signal is also raced, not only handed on: a token credential that ignores it (a token
      // endpoint that never answers) must not hold up retries or close().
      await abandonOnAbort(this.options.send(events, signal), signal);
    } catch (error) {
      if (timeout.aborted && !this.shutdown.signal.aborted) {
        throw new Error(`no answer within ${this.options.timeoutMs} ms (EVENTGRID_TIMEOUT_MS)`);
      }
      throw error;
    }
  }

  /** How a send span names a failed attempt: the same status as the failure metric. */
  private failureType(error: unknown): string {
    return this.shutdown.signal.aborted ? 'shutdown' : classifyFailure(error).status;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.shutdown.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Counts and logs events given up on; returns how many. */
  private drop(reason: keyof OutcomePublisherStats['dropped'], ids: string[], why: string): number {
    this.counts.dropped[reason] += ids.length;
    const label = reason.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    this.options.metrics?.dropped(label, ids.length);
    // Every id is logged (a line per hundred), so each event given up on can be found and sent again.
    for (let from = 0; from < ids.length; from += idsPerLine) {
      this.options.logger.error({ reason: label, eventIds: ids.slice(from, from + idsPerLine), events: ids.length }, `Outcome events not sent to Event Grid: ${why}`);
    }
    return ids.length;
  }
}

function abandonOnAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
