import { connect, type Socket } from 'node:net';
import { overrideBus } from '@switchyard/messaging';
import { readFixtureJson } from '@switchyard/testing';
import { KEYS, startHarness } from './ingress-harness';

const valid = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/build.complete.json');

/** A raw HTTP/1.1 connection, so that requests can be written on it while the ingress is closing. */
async function rawConnection(url: string): Promise<{ socket: Socket; received: () => string }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => text };
}

function hookRequest(id: string): string {
  const body = JSON.stringify({ ...valid, id });
  return (
    `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 5_000; waited += 10) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const refusesConnections = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const probe = connect(Number(port), hostname);
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', () => resolve(true));
  });

describe('requests that arrive while the ingress shuts down', () => {
  it('get a 503 problem with Retry-After and are counted, while the request in flight completes', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let publishing = false;
    // The first hook's publish waits until the test lets it go, so it is in flight when closing starts.
    const h = await startHarness({}, (bus) =>
      overrideBus(bus, {
        publisher: {
          publish: async (event, options) => {
            publishing = true;
            await released;
            return bus.publisher.publish(event, options);
          },
        },
      }),
    );
    const busy = await rawConnection(h.ingress.url);
    const metricsLater = await rawConnection(h.ingress.url);
    try {
      busy.socket.write(hookRequest('in-flight'));
      // Started but not finished, so closing the server does not drop this connection as idle.
      metricsLater.socket.write('GET /metrics HTTP/1.1\r\nHost: ingress\r\n');
      await until(() => publishing, 'the first hook to be publishing');

      const closed = h.close();
      await until(() => refusesConnections(h.ingress.url), 'the ingress to stop accepting connections');
      busy.socket.write(hookRequest('during-shutdown'));
      release();
      await until(() => busy.socket.readableEnded || busy.socket.destroyed, 'the busy connection to end');

      const [inFlight, duringShutdown] = busy.received().split(/(?=HTTP\/1\.1 )/);
      expect(inFlight).toMatch(/^HTTP\/1\.1 202 /);
      expect(duringShutdown).toMatch(/^HTTP\/1\.1 503 /);
      expect(duringShutdown).toMatch(/\r\ncontent-type: application\/problem\+json/i);
      expect(duringShutdown).toMatch(/\r\nretry-after: \d+\r\n/i);
      expect(duringShutdown).toMatch(/\r\nconnection: close\r\n/i);
      const problem = JSON.parse(duringShutdown.slice(duringShutdown.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 503, code: 'SHUTTING_DOWN', instance: '/hooks/azure-devops' });
      expect(duringShutdown).not.toContain(KEYS.prod);
      expect(h.accepted.map((event) => event.id)).toEqual(['in-flight']);

      // Metrics are still served while draining, so the last scrape sees the refusal.
      metricsLater.socket.write('\r\n');
      await until(() => metricsLater.socket.readableEnded || metricsLater.socket.destroyed, 'the metrics answer');
      expect(metricsLater.received()).toMatch(/^HTTP\/1\.1 200 /);
      expect(metricsLater.received()).toContain('switchyard_ingress_hooks_total{event_type="unknown",status="503",code="SHUTTING_DOWN",service="ingress"} 1');
      await closed;
    } finally {
      release();
      busy.socket.destroy();
      metricsLater.socket.destroy();
    }
  });
});
