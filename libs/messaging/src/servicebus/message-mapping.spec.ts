import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { fromServiceBusMessage, toServiceBusMessage } from './message-mapping';

describe('Service Bus message mapping', () => {
  it('sends the envelope as the body with id, subject, correlation id and properties', () => {
    const outbound = {
      messageId: 'id-1',
      subject: 'switchyard.check.requested.v1',
      correlationId: 'corr-1',
      contentType: 'application/json' as const,
      body: { id: 'id-1' },
      applicationProperties: { traceparent: '00-abc' },
    };
    expect(toServiceBusMessage(outbound)).toEqual(outbound);
  });

  it('reads a received message, counting this delivery, decoding JSON bytes with a BOM and keeping the lock end', () => {
    const received = {
      messageId: 'id-1',
      body: Buffer.from('\uFEFF{"type":"x"}', 'utf8'),
      subject: 'x',
      correlationId: 'corr-1',
      applicationProperties: { traceparent: '00-abc' },
      deliveryCount: 0,
      enqueuedTimeUtc: new Date('2026-01-01T00:00:00Z'),
      lockedUntilUtc: new Date('2026-01-01T00:01:00Z'),
    } as unknown as ServiceBusReceivedMessage;
    expect(fromServiceBusMessage(received, 'checks', 'gate-evaluator')).toEqual({
      messageId: 'id-1',
      body: { type: 'x' },
      subject: 'x',
      correlationId: 'corr-1',
      applicationProperties: { traceparent: '00-abc' },
      deliveryCount: 1,
      enqueuedTime: new Date('2026-01-01T00:00:00Z'),
      lockedUntil: new Date('2026-01-01T00:01:00Z'),
      topic: 'checks',
      subscription: 'gate-evaluator',
    });
  });
});
