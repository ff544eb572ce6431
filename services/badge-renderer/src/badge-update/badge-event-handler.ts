import { Inject, Injectable } from '@nestjs/common';
import { PermanentError, type BusContext } from '@switchyard/messaging';
import type { EventEnvelope } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { BadgeMetrics } from '../badge-model/badge-metrics';
import type { BadgeKind, BadgeState } from '../badge-model/badge-state';
import { presentationFor } from '../badge-style/presentation-from-metadata';
import { BADGE_LOGGER, BADGE_RENDERER_CONFIG } from '../badge-renderer.di-tokens';
import type { BadgeRendererConfig } from '../config/badge-renderer.config';
import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';
import { BadgeUpdateService, type BadgeUpdateReport } from './badge-update.service';

/**
 * The one place that turns an event into stored badges and its outcome into a settlement:
 * missing fields → PermanentError (dead-letter with the field named); storage trouble → rethrown
 * (abandoned, redelivered, dead-lettered only after maxDeliveryCount). Both are counted.
 */
@Injectable()
export class BadgeEventHandler {
  constructor(
    private readonly updates: BadgeUpdateService,
    private readonly metrics: BadgeMetrics,
    @Inject(BADGE_RENDERER_CONFIG) private readonly config: BadgeRendererConfig,
    @Inject(BADGE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(kind: BadgeKind, event: EventEnvelope, ctx: BusContext, toStates: () => BadgeState[]): Promise<BadgeUpdateReport> {
    const started = performance.now();
    const log = this.logger.child({ eventId: event.id, correlationId: event.correlationId, eventType: event.type });
    let states: BadgeState[];
    try {
      states = toStates();
    } catch (error) {
      if (!(error instanceof BadgeFieldMissingError)) throw error;
      this.metrics.deadLetters.inc({ reason: error.code });
      this.metrics.events.inc({ type: event.type, outcome: 'dead_lettered' });
      log.warn({ field: error.field }, `badge not rendered: ${error.message}`);
      throw new PermanentError(error.code, error.message);
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
      const code = (error as { code?: unknown }).code;
      this.metrics.blobFailures.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
      this.metrics.events.inc({ type: event.type, outcome: 'retried' });
      log.warn({ err: error, deliveryCount: ctx.deliveryCount }, 'badge storage failed; the event will be retried');
      throw error;
    }
  }
}
