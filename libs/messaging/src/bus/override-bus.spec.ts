import { EmbeddedBus } from '../embedded/embedded-bus';
import { overrideBus } from './override-bus';

describe('overrideBus', () => {
  it('replaces what it is given and hands everything else to the bus, bound to it', async () => {
    const bus = new EmbeddedBus();
    const publish = jest.fn(async () => undefined);
    const wrapped = overrideBus(bus, { backend: 'servicebus', publisher: { publish } });
    expect(wrapped.backend).toBe('servicebus');
    expect(wrapped.publisher.publish).toBe(publish);
    expect(wrapped.topology).toBe(bus.topology);
    expect(wrapped.deadLetters('releases', 'badge-renderer')).toBeDefined();
    const close = jest.spyOn(bus, 'close');
    await wrapped.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
