import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';

const TOPIC_KEY = 'eg-key-ECHOED-7c1d9e2f0123456789';
// Written into the environment only after tracing started, as npm start does with the keys it generates.
const LATE_KEY = 'late-key-GENERATED-4f1b2c3d4e5f6071';
// Not in the environment: caught by its pattern, as in log lines.
const STORAGE_KEY = 'c3RvcmFnZS1rZXktZWNob2Vk';

/** What an exporter sends of a span. */
const exported = (spans: ReadableSpan[]) => JSON.stringify(spans.map(({ name, status, attributes, events, links }) => ({ name, status, attributes, events, links })));

describe('Azure SDK spans of a call whose error response quotes a secret (Event Grid on loopback answering 401)', () => {
  let tracing: InMemoryTracing;
  let topic: Server;
  let endpoint: string;
  const env: Record<string, string | undefined> = { EVENTGRID_KEY: TOPIC_KEY };

  beforeAll(async () => {
    tracing = startInMemoryTracing({ azureSdk: true, env });
    topic = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const message = `The key ${String(request.headers['aeg-sas-key'])} is not valid for this topic (fallback AccountKey=${STORAGE_KEY})`;
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'Unauthorized', message } }));
      });
    });
    await new Promise<void>((resolve) => topic.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(topic.address() as AddressInfo).port}/api/events`;
  });
  afterAll(async () => {
    await new Promise((resolve) => topic.close(resolve));
    await tracing.shutdown();
  });

  beforeEach(() => tracing.reset());

  it('exports the failure without the secrets, in the status, the exception event and the attributes, keeping the rest of the message', async () => {
    const client = new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureKeyCredential(TOPIC_KEY), { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    const failure = client.send([{ type: 'switchyard.test', source: '/spec', data: {} }]);
    await expect(failure).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining(TOPIC_KEY) });

    const spans = tracing.spans();
    const send = spans.find((span) => span.name === 'EventGridPublisherClient.send');
    expect(send?.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.stringContaining('is not valid for this topic') });
    expect(send?.status.message).toContain('[REDACTED]');
    const exception = send?.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toMatchObject({ 'exception.type': 'Unauthorized', 'exception.message': expect.stringContaining('is not valid for this topic') });
    expect(exception?.attributes?.['exception.stacktrace']).toContain('is not valid for this topic');
    expect(spans.some((span) => span.name === 'HTTP POST' && span.attributes['http.status_code'] === 401)).toBe(true);
    expect(exported(spans)).not.toContain(TOPIC_KEY);
    expect(exported(spans)).not.toContain(STORAGE_KEY);
  });

  it('scrubs a secret written into the environment after tracing started', async () => {
    env['HOOK_KEYS'] = `local:${LATE_KEY}`;
    try {
      const client = new EventGridPublisherClient(endpoint, 'CloudEvent', new AzureKeyCredential(LATE_KEY), { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
      await expect(client.send([{ type: 'switchyard.test', source: '/spec', data: {} }])).rejects.toMatchObject({ message: expect.stringContaining(LATE_KEY) });
      const send = tracing.spans().find((span) => span.name === 'EventGridPublisherClient.send');
      expect(send?.status.message).toContain('The key [REDACTED] is not valid');
      expect(exported(tracing.spans())).not.toContain(LATE_KEY);
    } finally {
      delete env['HOOK_KEYS'];
    }
  });
});
