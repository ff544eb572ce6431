import { outcomeEnvelope } from '../../test/outcome-envelope';
import { toCloudEvent } from './to-cloud-event';

describe('toCloudEvent', () => {
  it('keeps the envelope identity and carries correlation and trace context as extensions', () => {
    const event = toCloudEvent(outcomeEnvelope('e1', { tracestate: 'vendor=1', metadata: { hookKey: 'main' } }));
    expect(event).toEqual({
      id: 'e1',
      type: 'switchyard.badge.rendered.v1',
      source: 'urn:switchyard:badge-renderer',
      subject: 'contoso/web/release-pipeline/7',
      time: new Date('2026-11-21T20:00:00.000Z'),
      datacontenttype: 'application/json',
      data: { blob: 'badges/e1.svg', status: 'succeeded' },
      extensionAttributes: {
        correlationid: 'corr-e1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'vendor=1',
      },
    });
  });

  it('omits subject and trace context when the envelope has none', () => {
    const event = toCloudEvent(outcomeEnvelope('e2', { subject: undefined, traceparent: undefined }));
    expect(event).not.toHaveProperty('subject');
    expect(event.extensionAttributes).toEqual({ correlationid: 'corr-e2' });
  });
});
