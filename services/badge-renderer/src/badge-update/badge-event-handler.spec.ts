import { Writable } from 'node:stream';
import { PermanentError, type BusContext } from '@switchyard/messaging';
import type { EventEnvelope } from '@switchyard/contracts';
import { createLogger, createMetrics } from '@switchyard/observability';
import { BadgeMetrics } from '../badge-model/badge-metrics';
import type { ContainerRecovery } from '../badge-store/container-recovery';
import type { BadgeRendererConfig } from '../config/badge-renderer.config';
import { BadgeEventHandler } from './badge-event-handler';
import type { BadgeUpdateService } from './badge-update.service';

describe('BadgeEventHandler', () => {
  it('dead-letters at once, and counts, any other failure to turn the event into badges (it would fail on every delivery)', async () => {
    const metrics = new BadgeMetrics(createMetrics('badge-renderer-spec'));
    const update = jest.fn();
    const handler = new BadgeEventHandler(
      { update } as unknown as BadgeUpdateService,
      metrics,
      {} as ContainerRecovery,
      { style: 'flat', maxAgeSeconds: 60 } as BadgeRendererConfig,
      createLogger({ service: 'badge-renderer-spec', level: 'silent' }),
    );
    const event = { id: 'e1', type: 'azure-devops.pipelines.stage-state-changed.v1', correlationId: 'c1', metadata: {} } as unknown as EventEnvelope;
    const failure = await handler
      .handle('stage', event, { deliveryCount: 1 } as BusContext, () => {
        throw new URIError('URI malformed');
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect({ code: (failure as PermanentError).code, message: (failure as PermanentError).message }).toEqual({
      code: 'BADGE_EVENT_UNRENDERABLE',
      message: 'the event could not be turned into a badge (URIError: URI malformed); it would fail the same way on every delivery',
    });
    expect(update).not.toHaveBeenCalled();
    expect((await metrics.deadLetters.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { reason: 'BADGE_EVENT_UNRENDERABLE' } })]);
    expect((await metrics.events.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { type: event.type, outcome: 'dead_lettered' } })]);
  });

  it('completes an event that updates no badge by design with an info line saying why, counted as ignored', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const metrics = new BadgeMetrics(createMetrics('badge-renderer-spec'));
    const handler = new BadgeEventHandler(
      {} as BadgeUpdateService,
      metrics,
      {} as ContainerRecovery,
      { style: 'flat', maxAgeSeconds: 60 } as BadgeRendererConfig,
      createLogger({ service: 'badge-renderer-spec', level: 'info', destination }),
    );
    const event = { id: 'e2', type: 'azure-devops.build.completed.v1', correlationId: 'c2', metadata: {} } as unknown as EventEnvelope;
    handler.ignore(event, { deliveryCount: 1 } as BusContext, 'build 11 validated a pull request');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', eventId: 'e2', correlationId: 'c2', msg: 'no badge updated: build 11 validated a pull request' }),
    ]);
    expect((await metrics.events.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { type: event.type, outcome: 'ignored' } })]);
  });
});
