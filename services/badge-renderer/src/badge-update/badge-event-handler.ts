import { Inject, Injectable } from '@nestjs/common';
import { PermanentError, type BusContext } from '@switchyard/messaging';
import type { EventEnvelope } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { BadgeMetrics } from '../badge-model/badge-metrics';
import type { BadgeKind, BadgeState } from '../badge-model/badge-state';
import { presentationFor } from '../badge-style/presentation-from-metadata';
import { BADGE_LOGGER, BADGE_RENDERER_CONFIG } from '../badge-renderer.di-tokens';
import type { BadgeRendererConfig } from '../config/badge-renderer.config';
import { checkBlobPathLength } from '../badge-path/blob-path-length';
import { ContainerRecovery } from '../badge-store/container-recovery';
import { BadgeEventUnrenderableError } from '../errors/badge-event-unrenderable.error';
import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';
import { BadgePathTooLongError } from '../errors/badge-path-too-long.error';
import { BlobContainerMissingError } from '../errors/blob-container-missing.error';
import { BlobRequestRejectedError } from '../errors/blob-request-rejected.error';
import { BadgeUpdateService, type BadgeUpdateReport } from './badge-update.service';

/** How long a handler keeps trying to re-create a missing container before it gives its message back. */
const CONTAINER_RECOVERY_MS = 40_000;

/**
 * The one place that turns an event into stored badges and its outcome into a settlement:
 * missing fields, a path too long for Blob storage, any other failure to turn the event into badges
 * (it reads only the event, so it would fail again), or a request storage refuses as invalid →
 * PermanentError (dead-letter with what to fix); a missing container → re-created, then retried;
 * other storage trouble → rethrown (abandoned, redelivered, dead-lettered only after
 * maxDeliveryCount). All are counted.
 */
@Injectable()
export class BadgeEventHandler {
  constructor(
    private readonly updates: BadgeUpdateService,
    private readonly metrics: BadgeMetrics,
    private readonly recovery: ContainerRecovery,
    @Inject(BADGE_RENDERER_CONFIG) private readonly config: BadgeRendererConfig,
    @Inject(BADGE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(kind: BadgeKind, event: EventEnvelope, ctx: BusContext, toStates: () => BadgeState[]): Promise<BadgeUpdateReport> {
    const started = performance.now();
    const log = this.logger.child({ eventId: event.id, correlationId: event.correlationId, eventType: event.type });
    let states: BadgeState[];
    try {
      states = toStates();
      for (const state of states) checkBlobPathLength(state.path);
    } catch (error) {
      if (error instanceof BadgeFieldMissingError) throw this.deadLetter(event, log, error, { field: error.field });
      if (error instanceof BadgePathTooLongError) throw this.deadLetter(event, log, error, { path: error.path });
      // Only the event was read: anything else thrown here would be thrown again on every redelivery.
      throw this.deadLetter(event, log, new BadgeEventUnrenderableError(error), { err: error });
    }
    const presentation = presentationFor(event.metadata, { style: this.config.style, maxAgeSeconds: this.config.maxAgeSeconds });
    try {
      const report = await this.updates.update(states, presentation, {
        correlationId: event.correlationId,
        ...(ctx.traceparent !== undefined && { traceparent: ctx.traceparent }),
      });
      this.metrics.storeSeconds.observe({ kind }, (performance.now() - started) / 1000);
      this.metrics.events.inc({ type: event.type, outcome: 'stored' });
      const totalMs = Math.round(performance.now() - started);
      log.info(
        { badges: report.results, deliveryCount: ctx.deliveryCount, badgesStoredMs: Math.round(report.badgesStoredMs), totalMs },
        'badges stored',
      );
      return report;
    } catch (error) {
      if (error instanceof BlobRequestRejectedError) {
        this.metrics.blobFailures.inc({ code: error.code });
        throw this.deadLetter(event, log, error, { path: error.path, status: error.status, storageCode: error.storageCode });
      }
      // Re-created before the message goes back, so the redelivery finds the container. Azure refuses the
      // name for a while after a delete: the message is held (inside its 60 s lock) while that lasts.
      if (error instanceof BlobContainerMissingError) await this.recovery.recoverWithin(CONTAINER_RECOVERY_MS);
      const code = (error as { code?: unknown }).code;
      this.metrics.blobFailures.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
      this.metrics.events.inc({ type: event.type, outcome: 'retried' });
      log.warn({ err: error, deliveryCount: ctx.deliveryCount }, 'badge storage failed; the event will be retried');
      throw error;
    }
  }

  /** Completes an event that shows on no badge by design, counted and logged with why. */
  ignore(event: EventEnvelope, ctx: BusContext, why: string): void {
    this.metrics.events.inc({ type: event.type, outcome: 'ignored' });
    this.logger
      .child({ eventId: event.id, correlationId: event.correlationId, eventType: event.type })
      .info({ deliveryCount: ctx.deliveryCount }, `no badge updated: ${why}`);
  }

  /** Counts and logs an event that retrying cannot fix; the returned error dead-letters it with `code` and the message. */
  private deadLetter(event: EventEnvelope, log: Logger, error: Error & { code: string }, details: Record<string, unknown>): PermanentError {
    this.metrics.deadLetters.inc({ reason: error.code });
    this.metrics.events.inc({ type: event.type, outcome: 'dead_lettered' });
    log.warn(details, `badge not rendered: ${error.message}`);
    return new PermanentError(error.code, error.message);
  }
}
