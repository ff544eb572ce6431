import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import type { MessageSender, OutboundMessage } from './outbound-message';
import { RoutingPublisher } from './routing-publisher';

const event = createEvent(ConformanceAlpha, {
  source: 'urn:test',
  subject: 'project/1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: 'vendor=1',
  data: { run: 'r', n: 1 },
});

describe('RoutingPublisher', () => {
  it('sends on the contract topic with id, type, correlation id, CloudEvents attributes and trace context', async () => {
    const sent: [string, OutboundMessage, Date | undefined][] = [];
    const publisher = new RoutingPublisher(conformanceTopology, { send: async (topic, message, at) => void sent.push([topic, message, at]) });
    const at = new Date(Date.now() + 1000);
    await publisher.publish(event, { scheduledEnqueueTime: at });
    expect(sent).toEqual([
      [
        'conformance',
        {
          messageId: event.id,
          subject: ConformanceAlpha.type,
          correlationId: event.correlationId,
          contentType: 'application/json',
          body: event,
          applicationProperties: {
            'cloudEvents:specversion': '1.0',
            'cloudEvents:id': event.id,
            'cloudEvents:type': ConformanceAlpha.type,
            'cloudEvents:source': 'urn:test',
            'cloudEvents:time': event.time,
            'cloudEvents:subject': 'project/1',
            traceparent: event.traceparent,
            'Diagnostic-Id': event.traceparent,
            tracestate: 'vendor=1',
          },
        },
        at,
      ],
    ]);
  });

  it('rejects with BusUnavailableError when the bus does not accept in time', async () => {
    const hanging: MessageSender = { send: () => new Promise(() => undefined) };
    const publisher = new RoutingPublisher(conformanceTopology, hanging);
    await expect(publisher.publish(event, { timeoutMs: 50 })).rejects.toThrow(
      new BusUnavailableError('The bus did not accept the message on topic "conformance" within 50 ms'),
    );
  });

  it('wraps a backend failure in BusUnavailableError, keeping the cause', async () => {
    const cause = Object.assign(new Error('connection refused'), { code: 'ServiceCommunicationProblem' });
    const publisher = new RoutingPublisher(conformanceTopology, { send: async () => Promise.reject(cause) });
    await expect(publisher.publish(event)).rejects.toMatchObject({ code: 'MESSAGING.BUS_UNAVAILABLE', cause });
  });
});
