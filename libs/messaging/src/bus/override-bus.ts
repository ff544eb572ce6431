import type { Bus } from './bus.port';

/**
 * A Bus that is `bus` except for `overrides` (another publisher, a receive hook, a close that leaves
 * `bus` open): everything not overridden goes to `bus` itself, methods bound to it.
 */
export function overrideBus(bus: Bus, overrides: Partial<Bus>): Bus {
  return {
    backend: bus.backend,
    topology: bus.topology,
    publisher: bus.publisher,
    status$: bus.status$,
    receive: (options, process) => bus.receive(options, process),
    deadLetters: (topic, subscription) => bus.deadLetters(topic, subscription),
    close: () => bus.close(),
    ...overrides,
  };
}
