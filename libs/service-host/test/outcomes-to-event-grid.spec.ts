import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BuildCompleted, BuildQueued, createEvent } from '@switchyard/contracts';
import { createTestBus, collectPublished } from '@switchyard/messaging/testing';
import { withOutcomesToEventGrid } from '../src';

// A loopback Event Grid topic endpoint that records what it receives.
async function startReceiver(): Promise<{ url: string; batches: unknown[][]; keys: string[]; server: Server }> {
  const batches: unknown[][] = [];
  const keys: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      keys.push(String(request.headers['aeg-sas-key']));
      batches.push(JSON.parse(body) as unknown[]);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/events`, batches, keys, server };
}

const buildQueued = () =>
  createEvent(BuildQueued, {
    source: 'https://dev.azure.com/fabrikam/',
    data: {
      rule: 'app-on-lib-merge',
      organizationUrl: 'https://dev.azure.com/fabrikam/',
      project: 'Fabrikam',
      definition: { id: 7, name: 'app-ci' },
      buildId: 42,
      pullRequest: { repository: 'lib-core', pullRequestId: 1 },
    },
  });

describe('withOutcomesToEventGrid', () => {
  it('publishes outcome events on the bus and to Event Grid, and nothing else to Event Grid', async () => {
    const receiver = await startReceiver();
    const testBus = createTestBus();
    const outcomes = collectPublished(testBus, 'outcomes');
    const { bus, close } = withOutcomesToEventGrid(testBus, { EVENTGRID_ENDPOINT: receiver.url, EVENTGRID_KEY: 'topic-key' });
    try {
      const queued = buildQueued();
      await bus.publisher.publish(queued);
      await bus.publisher.publish(
        createEvent(BuildCompleted, {
          source: 'https://dev.azure.com/fabrikam/',
          data: { project: { name: 'Fabrikam' }, definition: { name: 'app-ci' }, build: { id: 1 } },
        }),
      );
      await outcomes.waitFor(1);
      await close();
      expect(outcomes.events.map((event) => event.id)).toEqual([queued.id]);
      const sent = receiver.batches.flat() as { id: string; type: string }[];
      expect(sent.map((event) => [event.id, event.type])).toEqual([[queued.id, BuildQueued.type]]);
      expect(receiver.keys).toEqual(['topic-key']);
    } finally {
      outcomes.stop();
      await testBus.close();
      receiver.server.close();
    }
  });

  it('leaves the bus as it is when EVENTGRID_ENDPOINT is not set', async () => {
    const testBus = createTestBus();
    const { bus, close } = withOutcomesToEventGrid(testBus, {});
    expect(bus).toBe(testBus);
    await close();
    await testBus.close();
  });
});
