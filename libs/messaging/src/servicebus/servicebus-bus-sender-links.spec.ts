import { ServiceBusError } from '@azure/service-bus';
import { createEvent } from '@switchyard/contracts';
import type { BusStatus } from '../bus/bus.port';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { fakeNamespace } from './fake-namespace';
import { fakeServiceBusClient } from './fake-servicebus-client';
import { ServiceBusBus } from './servicebus-bus';

const event = () => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n: 1 } });

describe('ServiceBusBus of a process that says which topics it publishes to (the ingress)', () => {
  type Connection = { connectionString?: string; fullyQualifiedNamespace?: string };

  function publishingBus(data = fakeServiceBusClient(), options: { publishesTo?: string[]; connection?: Connection } = {}) {
    const bus = new ServiceBusBus(
      { ...(options.connection ?? { fullyQualifiedNamespace: 'sb-test.servicebus.windows.net' }), topology: conformanceTopology, publishTimeoutMs: 2_000, publishesTo: options.publishesTo ?? ['conformance'] },
      { client: data.client },
    );
    const statuses: BusStatus[] = [];
    bus.status$.subscribe((status) => statuses.push(status));
    return { data, bus, statuses, state: () => statuses.at(-1)?.state };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is ready only once the sender link is open, and publishes on that link', async () => {
    const { data, bus, statuses, state } = publishingBus();
    expect(state()).toBe('starting');
    expect(data.linkAttempts()).toBe(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(state()).toBe('ready');

    await bus.publisher.publish(event());
    expect(data.sent).toHaveLength(1);
    expect(data.openSenders()).toBe(1); // the publish used the link opened at start-up
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
    await bus.close();
  });

  it('opens no link when closed while it was still creating its entities', async () => {
    jest.useRealTimers();
    const data = fakeServiceBusClient();
    const namespace = fakeNamespace();
    let created!: () => void;
    const admin = Object.assign(Object.create(namespace.admin) as typeof namespace.admin, {
      topicExists: () => new Promise<boolean>((resolve) => (created = () => resolve(true))),
    });
    const bus = new ServiceBusBus(
      { fullyQualifiedNamespace: 'sb-test.servicebus.windows.net', topology: conformanceTopology, createEntities: true, publishesTo: ['conformance'] },
      { client: data.client, administrationClient: admin },
    );
    await new Promise((resolve) => setImmediate(resolve));
    await bus.close();
    created();
    // Long enough for the rest of the entity creation and a link attach to happen, were it to.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(data.linkAttempts()).toBe(0);
    expect(data.openSenders()).toBe(0);
  });

  it('is ready at once, opening no link, when it says no topic (a consumer)', async () => {
    const { data, bus, state } = publishingBus(fakeServiceBusClient(), { publishesTo: [] });
    expect(state()).toBe('ready');
    expect(data.linkAttempts()).toBe(0);
    expect(data.openSenders()).toBe(0);
    await bus.close();
  });

  it('waits at most the publish timeout for a namespace that does not answer, then is degraded with the hint, and ready once it answers', async () => {
    const data = fakeServiceBusClient();
    data.down('silent');
    const { bus, statuses, state } = publishingBus(data);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(state()).toBe('starting');
    await jest.advanceTimersByTimeAsync(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED' } });
    expect(statuses.at(-1)?.error?.message).toMatch(/^Service Bus did not open the sender link of topic "conformance" within 2000 ms — check SERVICEBUS_FQDN and that port 5671/);

    data.back();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state()).toBe('ready');
    expect(data.linkAttempts()).toBe(2);
    // The failed start-up did not fail publishing for good.
    await bus.publisher.publish(event());
    expect(data.sent).toHaveLength(1);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'degraded', 'ready']);
    await bus.close();
  });

  it('checks again after a check the namespace never answered, and is ready once it answers', async () => {
    const data = fakeServiceBusClient();
    data.down('silent');
    const { bus, state } = publishingBus(data);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(state()).toBe('degraded');
    await jest.advanceTimersByTimeAsync(10_000); // the first check starts, and hangs as start-up did
    expect(data.linkAttempts()).toBe(2);
    await jest.advanceTimersByTimeAsync(2_000); // it gives up at the publish timeout

    data.back();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(data.linkAttempts()).toBe(3);
    expect(state()).toBe('ready');
    expect(data.openSenders()).toBe(1); // the checks closed their links; the cached sender is left
    await bus.close();
  });

  it('is never ready while its identity may not send, says which role to grant, and keeps checking until it may', async () => {
    const data = fakeServiceBusClient();
    data.down(new ServiceBusError("Unauthorized access. 'Send' claim(s) are required to perform this operation.", 'UnauthorizedAccess'));
    const { statuses, state, bus } = publishingBus(data);
    await jest.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'degraded', error: { code: 'UnauthorizedAccess' } });
    expect(statuses.at(-1)?.error?.message).toContain('grant the identity "Azure Service Bus Data Sender/Receiver" on the namespace');
    await jest.advanceTimersByTimeAsync(30_000);
    expect(state()).toBe('degraded');
    expect(data.linkAttempts()).toBe(4); // start-up, then one check every 10 s

    data.back();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state()).toBe('ready');
    await bus.close();
  });

  it('names SERVICEBUS_CONNECTION_STRING but never its key when the sign-in is refused', async () => {
    const data = fakeServiceBusClient();
    data.down(new ServiceBusError('Unauthorized access. Send claim required', 'UnauthorizedAccess'));
    const connectionString = 'Endpoint=sb://sb-test.servicebus.windows.net;SharedAccessKeyName=send;SharedAccessKey=KEY-DO-NOT-SHOW';
    const { statuses, bus } = publishingBus(data, { connection: { connectionString } });
    await jest.advanceTimersByTimeAsync(0);
    const detail = statuses.at(-1)?.error?.message ?? '';
    expect(detail).toContain('check the key in SERVICEBUS_CONNECTION_STRING');
    expect(detail).not.toMatch(/KEY-DO-NOT-SHOW|SharedAccessKey=/);
    await bus.close();
  });

  it('stops waiting for the links when closed during start-up, and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const data = fakeServiceBusClient();
      data.down('silent');
      const { bus, statuses } = publishingBus(data);
      await jest.advanceTimersByTimeAsync(500);
      await bus.close();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(statuses.map((s) => s.state)).toEqual(['starting', 'closed']);
      expect(data.linkAttempts()).toBe(1);
      expect(data.openSenders()).toBe(0);
      jest.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
