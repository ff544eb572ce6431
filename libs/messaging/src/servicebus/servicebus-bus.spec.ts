import { createServer, type Server } from 'node:net';
import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
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
