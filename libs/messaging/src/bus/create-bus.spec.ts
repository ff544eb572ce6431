import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { EmbeddedBus } from '../embedded/embedded-bus';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { ServiceBusBus } from '../servicebus/servicebus-bus';
import { waitFor } from '../testing/wait-for';
import { createBus } from './create-bus';

describe('createBus', () => {
  it('creates an embedded bus on the topology declared in @switchyard/contracts by default', async () => {
    const bus = createBus({ backend: 'embedded' });
    try {
      expect(bus).toBeInstanceOf(EmbeddedBus);
      expect(bus.topology.subscriptions.map((s) => `${s.topic}/${s.name}`)).toContain('releases/badge-renderer');
    } finally {
      await bus.close();
    }
  });

  it('gives each service a handle on a shared EmbeddedBus: closing one leaves the others working', async () => {
    const shared = new EmbeddedBus({ topology: conformanceTopology });
    const publisherSide = createBus({ backend: 'embedded', embedded: shared });
    const consumerSide = createBus({ backend: 'embedded', embedded: shared });
    const seen: number[] = [];
    await consumeEvents(consumerSide, { topic: 'conformance', subscription: 'narrow' }, [on(ConformanceAlpha, (event) => void seen.push(event.data.n))]);
    const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n } });

    await publisherSide.publisher.publish(event(1));
    await publisherSide.close();
    await expect(publisherSide.publisher.publish(event(2))).rejects.toBeInstanceOf(BusUnavailableError);
    await shared.publisher.publish(event(3));
    await waitFor(() => (seen.length === 2 ? seen : undefined), 'the second delivery');
    expect(seen).toEqual([1, 3]);

    await consumerSide.close();
    await shared.publisher.publish(event(4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([1, 3]);
    expect(shared.backlog('conformance', 'narrow')).toBe(1);
    await shared.close();
  });

  it('creates a Service Bus bus without connecting until it is used', async () => {
    const bus = createBus({ backend: 'servicebus', connectionString: 'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true;' });
    expect(bus).toBeInstanceOf(ServiceBusBus);
    await bus.close();
  });
});
