import type { EventEnvelope } from '@switchyard/contracts';

/** An outcome envelope as the services publish it (shape only; the Event Grid lib does not validate data). */
export function outcomeEnvelope(id: string, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    specversion: '1.0',
    id,
    type: 'switchyard.badge.rendered.v1',
    source: 'urn:switchyard:badge-renderer',
    subject: 'contoso/web/release-pipeline/7',
    time: '2026-11-21T20:00:00.000Z',
    correlationId: `corr-${id}`,
    datacontenttype: 'application/json',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    data: { blob: `badges/${id}.svg`, status: 'succeeded' },
    ...overrides,
  };
}
