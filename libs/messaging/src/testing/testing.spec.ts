import { createEvent, ReleaseDeploymentCompleted } from '@switchyard/contracts';
import { createBus } from '../bus/create-bus';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { PermanentError } from '../errors/permanent.error';
import { collectPublished } from './collect-published';
import { createTestBus } from './create-test-bus';
import { waitForDeadLetter } from './wait-for-dead-letter';

const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n } });

describe('@switchyard/messaging/testing', () => {
  it('createTestBus uses the real topology with short locks and 3 deliveries', async () => {
    const bus = createTestBus();
    try {
      expect(bus.topology.contracts).toContain(ReleaseDeploymentCompleted);
      let deliveries = 0;
      const local = createTestBus({ topology: conformanceTopology });
      await consumeEvents(local, { topic: 'conformance', subscription: 'narrow' }, [
        on(ConformanceAlpha, () => {
          deliveries++;
          throw new Error('always');
        }),
      ]);
      const published = event(1);
      await local.publisher.publish(published);
      expect(await waitForDeadLetter(local, 'conformance', 'narrow', { messageId: published.id })).toMatchObject({ deliveryCount: 3 });
      expect(deliveries).toBe(3);
      await local.close();
    } finally {
      await bus.close();
    }
  });

  it('collectPublished records events on one topic, through a shared handle too', async () => {
    const shared = createTestBus({ topology: conformanceTopology });
    const handle = createBus({ backend: 'embedded', embedded: shared });
    const collected = collectPublished(handle, 'conformance');
    const first = event(1);
    await handle.publisher.publish(first);
    await expect(collected.waitFor(1)).resolves.toEqual([first]);
    await expect(collected.waitFor(2, 50)).rejects.toThrow('Only 1 of 2 events published on "conformance" within 50 ms');
    collected.stop();
    await shared.close();
  });

  it('waitForDeadLetter fails with what it waited for', async () => {
    const bus = createTestBus({ topology: conformanceTopology });
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [
      on(ConformanceAlpha, () => {
        throw new PermanentError('T', 'no');
      }),
    ]);
    await expect(waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: 'nope', timeoutMs: 50 })).rejects.toThrow(
      'Timed out after 50 ms waiting for a dead letter on conformance/narrow with id nope',
    );
    await bus.close();
  });
});
