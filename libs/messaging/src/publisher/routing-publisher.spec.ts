import { ServiceBusError } from '@azure/service-bus';
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
      new BusUnavailableError('The bus did not accept the message on topic "conformance" within 50 ms; it may still arrive, and a retry with the same event id is dropped as a duplicate'),
    );
  });

  it("aborts the backend's send when it gives up waiting, and only then", async () => {
    const signals: Array<AbortSignal | undefined> = [];
    const hanging: MessageSender = {
      send: (_topic, _message, _at, signal) => {
        signals.push(signal);
        return new Promise(() => undefined);
      },
    };
    await expect(new RoutingPublisher(conformanceTopology, hanging).publish(event, { timeoutMs: 50 })).rejects.toBeInstanceOf(BusUnavailableError);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(BusUnavailableError);

    const answering: MessageSender = { send: async (_topic, _message, _at, signal) => void signals.push(signal) };
    await new RoutingPublisher(conformanceTopology, answering).publish(event, { timeoutMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(signals[1]?.aborted).toBe(false);
  });

  it('wraps a backend failure in BusUnavailableError, keeping the cause', async () => {
    const cause = Object.assign(new Error('connection refused'), { code: 'ServiceCommunicationProblem' });
    const publisher = new RoutingPublisher(conformanceTopology, { send: async () => Promise.reject(cause) });
    await expect(publisher.publish(event)).rejects.toMatchObject({ code: 'MESSAGING.BUS_UNAVAILABLE', cause });
  });

  it('validates any event createEvent did not vouch for: a modified copy, or one built with a bad envelope field', async () => {
    const sent: string[] = [];
    const publisher = new RoutingPublisher(conformanceTopology, { send: async (_topic, message) => void sent.push(message.messageId) });
    await expect(publisher.publish({ ...event, id: '' })).rejects.toMatchObject({ code: 'MESSAGING.INVALID_EVENT' });
    const overlongId = createEvent(ConformanceAlpha, { id: 'x'.repeat(129), source: 'urn:test', data: { run: 'r', n: 1 } });
    await expect(publisher.publish(overlongId)).rejects.toMatchObject({ code: 'MESSAGING.INVALID_EVENT' });
    const badData = { ...event, data: { run: 'r', n: 'one' } } as unknown as typeof event;
    await expect(publisher.publish(badData)).rejects.toMatchObject({ code: 'MESSAGING.INVALID_EVENT' });
    await publisher.publish(event);
    expect(sent).toEqual([event.id]);
  });

  it('sends through a synchronous sender without a timeout, turning its throw into BusUnavailableError', async () => {
    const sent: OutboundMessage[] = [];
    const sync: MessageSender = {
      send: () => Promise.reject(new Error('send() must not be used when sendNow() exists')),
      sendNow: (_topic, message) => void sent.push(message),
    };
    await new RoutingPublisher(conformanceTopology, sync).publish(event, { timeoutMs: 1 });
    expect(sent.map((message) => message.messageId)).toEqual([event.id]);

    const refusing: MessageSender = {
      send: async () => undefined,
      sendNow: () => {
        throw new Error('queue full');
      },
    };
    await expect(new RoutingPublisher(conformanceTopology, refusing).publish(event)).rejects.toMatchObject({
      code: 'MESSAGING.BUS_UNAVAILABLE',
      message: expect.stringContaining('queue full'),
    });
  });

  it('reports a Service Bus "message too large" refusal as MessageTooLargeError, which no retry cures, not BusUnavailableError', async () => {
    const cause = new ServiceBusError('The received message exceeds the maximum size', 'MessageSizeExceeded');
    const asyncSender: MessageSender = { send: async () => Promise.reject(cause) };
    await expect(new RoutingPublisher(conformanceTopology, asyncSender).publish(event)).rejects.toMatchObject({
      name: 'MessageTooLargeError',
      code: 'MESSAGING.MESSAGE_TOO_LARGE',
      message: expect.stringContaining('topic "conformance"'),
      cause,
    });
    const amqp = Object.assign(new Error('message too large'), { name: 'MessageTooLargeError' });
    const syncSender: MessageSender = {
      send: async () => undefined,
      sendNow: () => {
        throw amqp;
      },
    };
    await expect(new RoutingPublisher(conformanceTopology, syncSender).publish(event)).rejects.toMatchObject({ code: 'MESSAGING.MESSAGE_TOO_LARGE', cause: amqp });
  });
});
