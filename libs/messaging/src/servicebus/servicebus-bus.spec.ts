import { createServer, type Server } from 'node:net';
import { ServiceBusError } from '@azure/service-bus';
import { createEvent } from '@switchyard/contracts';
import type { BusStatus } from '../bus/bus.port';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { logSettlements } from '../logging/log-settlements';
import { fakeNamespace } from './fake-namespace';
import { fakeServiceBusClient } from './fake-servicebus-client';
import { ServiceBusBus } from './servicebus-bus';

describe('ServiceBusBus against an endpoint that is not Service Bus', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    // A loopback TCP server that hangs up on every connection: the AMQP handshake never succeeds.
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is never ready when it publishes, and is degraded within the publish timeout naming the setting but not its key', async () => {
    const bus = new ServiceBusBus({
      connectionString: `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=KEY-DO-NOT-LOG;UseDevelopmentEmulator=true;`,
      topology: conformanceTopology,
      publishTimeoutMs: 1_000,
      publishesTo: ['conformance'],
    });
    const statuses: BusStatus[] = [];
    bus.status$.subscribe((status) => statuses.push(status));
    try {
      const degraded = new Promise<BusStatus>((resolve) => bus.status$.subscribe((status) => status.state === 'degraded' && resolve(status)));
      const status = await degraded;
      expect(status.error).toMatchObject({ code: 'MESSAGING.CONNECTION_FAILED', message: expect.stringContaining('the Endpoint host in SERVICEBUS_CONNECTION_STRING') });
      expect(status.error?.message).not.toContain('KEY-DO-NOT-LOG');
      expect(statuses.map((s) => s.state)).not.toContain('ready');
    } finally {
      await bus.close();
    }
  }, 10_000);

  it('rejects publish with BusUnavailableError, reports degraded, and never leaks the key', async () => {
    const bus = new ServiceBusBus({
      connectionString: `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=KEY-DO-NOT-LOG;UseDevelopmentEmulator=true;`,
      topology: conformanceTopology,
    });
    const states: string[] = [];
    bus.status$.subscribe((status) => states.push(status.state));
    try {
      const publishing = bus.publisher.publish(createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n: 1 } }), { timeoutMs: 300 });
      await expect(publishing).rejects.toBeInstanceOf(BusUnavailableError);
      await expect(publishing).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('KEY-DO-NOT-LOG') }));
      expect(states).toContain('degraded');
    } finally {
      await bus.close();
    }
  });
});

describe('ServiceBusBus resubmit, by who provisioned the subscription', () => {
  const namespaceConnection = 'Endpoint=sb://sb.local.test;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=not-a-real-key';
  const emulatorConnection = `${namespaceConnection};UseDevelopmentEmulator=true`;

  async function resubmitOn(connectionString: string, topic: string, subscription: string, namespace = fakeNamespace()) {
    const data = fakeServiceBusClient();
    data.addDeadLetter(topic, subscription, 'evt-1', 3);
    const bus = new ServiceBusBus({ connectionString, topology: conformanceTopology }, { client: data.client, administrationClient: namespace.admin });
    try {
      return { report: await bus.deadLetters(topic, subscription).resubmitAndReport(), data };
    } finally {
      await bus.close();
    }
  }

  it("sends nothing from another team's subscription made without the resubmit rule, and keeps its dead letters", async () => {
    const namespace = fakeNamespace();
    namespace.addSubscription('releases', 'my-team', { types: { sqlExpression: "sys.Label IN ('azure-devops.release.deployment-completed.v1')" } });
    const { report, data } = await resubmitOn(namespaceConnection, 'releases', 'my-team', namespace);
    expect(report).toMatchObject({ resubmitted: 0, complete: false, stoppedBy: expect.stringMatching(/^MESSAGING\.RESUBMIT_RULE_MISSING: subscription "releases\/my-team"/) });
    expect(data.sent).toEqual([]);
    expect(data.deadLetterIds('releases', 'my-team')).toEqual(['evt-1']);
  });

  it("with an identity that may not read rules, resubmits switchyard's own subscription (deploy/infra gives it the rule) and refuses another team's", async () => {
    const namespace = fakeNamespace();
    namespace.refuseRuleReads();
    const own = await resubmitOn(namespaceConnection, 'checks', 'gate-evaluator', namespace);
    expect(own.report).toEqual({ resubmitted: 1, resubmittedIds: ['evt-1'], complete: true });
    const foreign = await resubmitOn(namespaceConnection, 'releases', 'my-team', namespace);
    expect(foreign.report.stoppedBy).toMatch(/^MESSAGING\.RESUBMIT_RULE_UNREADABLE: reading the rules of subscription "releases\/my-team" is not permitted \(HTTP 401/);
    expect(foreign.data.sent).toEqual([]);
  });

  it('on the emulator, which serves no rule reads, resubmits the subscriptions its topology config declares and refuses others', async () => {
    const unreachable = { getRule: () => Promise.reject(new Error('the emulator has no management endpoint')) };
    const namespace = { ...fakeNamespace(), admin: unreachable as never };
    await expect(resubmitOn(emulatorConnection, 'conformance', 'narrow', namespace)).resolves.toMatchObject({ report: { resubmitted: 1, complete: true } });
    await expect(resubmitOn(emulatorConnection, 'checks', 'gate-evaluator', namespace)).resolves.toMatchObject({
      report: { resubmitted: 0, stoppedBy: expect.stringMatching(/^MESSAGING\.RESUBMIT_RULE_UNREADABLE: the rules of this namespace cannot be read/) },
    });
  });
});

describe('ServiceBusBus receiving', () => {
  it("says on the subscription's last delivery that the bus dead-letters the message, not that it comes again", async () => {
    const data = fakeServiceBusClient();
    const bus = new ServiceBusBus({ connectionString: 'Endpoint=sb://sb.local.test;SharedAccessKeyName=k;SharedAccessKey=not-a-real-key', topology: conformanceTopology, redeliveryDelay: { firstMs: 0, maxMs: 0 } }, { client: data.client });
    const lines: string[] = [];
    const logger = { warn: (_fields: object, message: string) => void lines.push(message), error: (_fields: object, message: string) => void lines.push(message) };
    const receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', onSettled: logSettlements(logger) }, [
      on(ConformanceAlpha, () => Promise.reject(Object.assign(new Error('busy'), { code: 'TEST.BUSY' }))),
    ]);
    try {
      const event = createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n: 1 } });
      // The SDK counts earlier deliveries: 1 and 2 are the second and the third (the last: maxDeliveryCount 3).
      for (const deliveryCount of [1, 2]) await data.deliver('conformance', 'narrow', { messageId: event.id, subject: event.type, body: event, deliveryCount });
    } finally {
      await receiver.close();
      await bus.close();
    }
    expect(lines).toEqual([
      'handler failed; the message will be delivered again',
      'handler failed on its last delivery; the bus dead-letters the message (MaxDeliveryCountExceeded)',
    ]);
  });
});

describe('ServiceBusBus publishing', () => {
  it('schedules a message for later with the broker (not sent now), and sends one whose time has come', async () => {
    const data = fakeServiceBusClient();
    const bus = new ServiceBusBus({ fullyQualifiedNamespace: 'sb-test.servicebus.windows.net', topology: conformanceTopology }, { client: data.client });
    try {
      const [later, due] = [1, 2].map((n) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n } }));
      const at = new Date(Date.now() + 60_000);
      await bus.publisher.publish(later, { scheduledEnqueueTime: at });
      await bus.publisher.publish(due, { scheduledEnqueueTime: new Date(Date.now() - 1_000) });
      expect(data.sent.map((s) => ({ id: s.message.messageId, topic: s.topic, at: s.scheduledEnqueueTime }))).toEqual([
        { id: later.id, topic: 'conformance', at },
        { id: due.id, topic: 'conformance', at: undefined },
      ]);
    } finally {
      await bus.close();
    }
  });
});

describe('ServiceBusBus after a send failed (a publish-only process such as the ingress)', () => {
  const refused = () => new ServiceBusError('connect ECONNREFUSED 10.1.2.3:5671', 'GeneralError');
  const event = () => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n: 1 } });

  function publishOnlyBus(connection: { connectionString?: string; fullyQualifiedNamespace?: string } = { fullyQualifiedNamespace: 'sb-test.servicebus.windows.net' }) {
    const data = fakeServiceBusClient();
    const bus = new ServiceBusBus({ ...connection, topology: conformanceTopology }, { client: data.client });
    const statuses: BusStatus[] = [];
    bus.status$.subscribe((status) => statuses.push(status));
    return { data, bus, statuses, state: () => statuses.at(-1)?.state };
  }

  async function failOneSend(bus: ServiceBusBus, data: ReturnType<typeof fakeServiceBusClient>, error: Error = refused()) {
    data.down(error);
    await expect(bus.publisher.publish(event())).rejects.toBeInstanceOf(BusUnavailableError);
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('becomes ready again by itself once the namespace answers, with no further send, then stops checking', async () => {
    const { data, bus, statuses, state } = publishOnlyBus();
    expect(state()).toBe('ready');
    await failOneSend(bus, data);
    expect(statuses.at(-1)).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED' } });

    await jest.advanceTimersByTimeAsync(10_000); // the namespace is still down: stays degraded
    expect(data.linkAttempts()).toBe(1);
    expect(state()).toBe('degraded');

    data.back();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state()).toBe('ready');
    expect(data.linkAttempts()).toBe(2);
    expect(data.sent).toEqual([]); // the check sends nothing
    expect(data.openSenders()).toBe(1); // only the cached sender of the failed publish; the check closed its own

    await jest.advanceTimersByTimeAsync(60_000);
    expect(data.linkAttempts()).toBe(2);
    expect(statuses.map((s) => s.state)).toEqual(['ready', 'degraded', 'ready']);
    await bus.close();
  });

  it('stops checking when a send works meanwhile', async () => {
    const { data, bus, state } = publishOnlyBus();
    await failOneSend(bus, data);
    data.back();
    await bus.publisher.publish(event());
    expect(state()).toBe('ready');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(data.linkAttempts()).toBe(0);
    await bus.close();
  });

  it('stops checking when closed, also with a check under way, and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { data, bus, state } = publishOnlyBus();
      await failOneSend(bus, data);
      data.down('silent'); // the next check hangs, as on a network that drops packets
      await jest.advanceTimersByTimeAsync(10_000);
      expect(data.linkAttempts()).toBe(1);
      await bus.close();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(data.linkAttempts()).toBe(1);
      expect(data.openSenders()).toBe(0);
      expect(state()).toBe('closed');
      jest.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it.each([
    ['SERVICEBUS_CONNECTION_STRING', { connectionString: 'Endpoint=sb://10.1.2.3;SharedAccessKeyName=send;SharedAccessKey=KEY-DO-NOT-SHOW' }, 'SERVICEBUS_FQDN'],
    ['SERVICEBUS_FQDN', { fullyQualifiedNamespace: 'sb-test.servicebus.windows.net' }, 'SERVICEBUS_CONNECTION_STRING'],
  ])('names %s, the variable that is configured, in the degraded detail', async (named, connection, notNamed) => {
    const { data, bus, statuses } = publishOnlyBus(connection);
    await failOneSend(bus, data);
    const detail = statuses.at(-1)?.error?.message ?? '';
    expect(detail).toContain(named);
    expect(detail).not.toContain(notNamed);
    expect(detail).not.toMatch(/KEY-DO-NOT-SHOW|SharedAccessKey/);
    await bus.close();
  });
});

describe('ServiceBusBus publish that Service Bus does not answer', () => {
  const event = () => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n: 1 } });

  function silentBus() {
    const data = fakeServiceBusClient();
    const bus = new ServiceBusBus({ fullyQualifiedNamespace: 'sb-test.servicebus.windows.net', topology: conformanceTopology, publishTimeoutMs: 5_000 }, { client: data.client });
    const statuses: BusStatus[] = [];
    bus.status$.subscribe((status) => statuses.push(status));
    data.down('silent');
    return { data, bus, statuses };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['sendMessages', undefined],
    ['scheduleMessages', 60_000],
  ])('aborts its %s at the publish timeout instead of leaving it sending (and holding the message) in the background', async (_call, inMs) => {
    const { data, bus, statuses } = silentBus();
    const publishing = bus.publisher.publish(event(), inMs === undefined ? {} : { scheduledEnqueueTime: new Date(Date.now() + inMs) });
    const rejected = expect(publishing).rejects.toMatchObject({ code: 'MESSAGING.BUS_UNAVAILABLE', message: expect.stringContaining('within 5000 ms') });
    await jest.advanceTimersByTimeAsync(4_999);
    expect(data.sendsInFlight()).toBe(1);
    expect(data.sendSignals[0]?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await rejected;
    expect(data.sendSignals[0]?.aborted).toBe(true);
    expect(data.sendsInFlight()).toBe(0);
    // The SDK's own error never comes now: a new link, which a silent namespace does not open either, shows the outage.
    expect(statuses.at(-1)?.state).toBe('ready');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(statuses.at(-1)).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED', message: expect.stringContaining('did not open the sender link') } });
    await bus.close();
  });

  it('stays ready after a send that timed out while the namespace still opens links (a slow send, not an outage)', async () => {
    const { data, bus, statuses } = silentBus();
    data.back();
    data.slowSends();
    const rejected = expect(bus.publisher.publish(event())).rejects.toBeInstanceOf(BusUnavailableError);
    await jest.advanceTimersByTimeAsync(5_000);
    await rejected;
    await jest.advanceTimersByTimeAsync(30_000);
    expect(data.linkAttempts()).toBe(1); // one new link checked the namespace, and it answered
    expect(statuses.map((s) => s.state)).not.toContain('degraded');
    expect(data.openSenders()).toBe(1); // the publishing link only: the checking one was closed again
    await bus.close();
  });

  it('publishes on a new link after a send timed out on a link that is stuck while new ones open', async () => {
    const { data, bus, statuses } = silentBus();
    data.back();
    await bus.publisher.publish(event()); // opens the link that gets stuck
    data.stickSenders();
    const rejected = expect(bus.publisher.publish(event())).rejects.toBeInstanceOf(BusUnavailableError);
    await jest.advanceTimersByTimeAsync(5_000);
    await rejected;
    await jest.advanceTimersByTimeAsync(0);
    await expect(bus.publisher.publish(event())).resolves.toBeUndefined();
    expect(data.sent).toHaveLength(2);
    expect(statuses.map((s) => s.state)).not.toContain('degraded');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(data.openSenders()).toBe(1); // the stuck one is closed once the sends on it have timed out
    await bus.close();
  });

  it('aborts a send under way when the bus closes', async () => {
    const { data, bus } = silentBus();
    const publishing = bus.publisher.publish(event());
    const rejected = expect(publishing).rejects.toBeInstanceOf(BusUnavailableError);
    await jest.advanceTimersByTimeAsync(100);
    expect(data.sendsInFlight()).toBe(1);
    await bus.close();
    await rejected;
    expect(data.sendsInFlight()).toBe(0);
  });
});
