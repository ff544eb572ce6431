import { createServer, type Server } from 'node:net';
import { createEvent } from '@switchyard/contracts';
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
