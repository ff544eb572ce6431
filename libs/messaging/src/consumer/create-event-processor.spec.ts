import { createEvent } from '@switchyard/contracts';
import type { InboundMessage } from '../bus/bus.port';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { PermanentError } from '../errors/permanent.error';
import { on } from './consume-events';
import { createEventProcessor } from './create-event-processor';

const inbound = (body: unknown): InboundMessage => ({
  messageId: 'm-1',
  body,
  applicationProperties: {},
  deliveryCount: 1,
  enqueuedTime: new Date(0),
  topic: 'conformance',
  subscription: 'narrow',
});

describe('createEventProcessor', () => {
  it('settles by the handler alone when the settlement observer throws', async () => {
    const observer = jest.fn(() => {
      throw new Error('metrics registry broken');
    });
    const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n } });
    const routes = new Map([
      [
        ConformanceAlpha.type,
        on(ConformanceAlpha, (e) => {
          if (e.data.n === 2) throw new PermanentError('TEST.REFUSED', 'refused');
        }),
      ],
    ]);
    const process = createEventProcessor(conformanceTopology, routes, observer);
    await expect(process(inbound(event(1)))).resolves.toEqual({ kind: 'complete' });
    await expect(process(inbound(event(2)))).resolves.toEqual({ kind: 'deadLetter', reason: 'TEST.REFUSED', description: 'refused' });
    expect(observer).toHaveBeenCalledTimes(2);
  });
});
