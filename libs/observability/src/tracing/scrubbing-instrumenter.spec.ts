import { createTracingClient } from '@azure/core-tracing';
import { SpanStatusCode } from '@opentelemetry/api';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';

const TOPIC_KEY = 'eg-key-RECORDED-0f1e2d3c4b5a6978';

/** What an exporter sends of a span. */
const exported = (tracing: InMemoryTracing) => JSON.stringify(tracing.spans().map(({ name, status, attributes, events }) => ({ name, status, attributes, events })));

// Every way an Azure client hands text to its span (through @azure/core-tracing, as the Service Bus,
// Blob and Event Grid clients do), each scrubbed as log lines are before the bridge records it.
describe('scrubbingInstrumenter (Azure SDK spans through @azure/core-tracing)', () => {
  let tracing: InMemoryTracing;
  const client = createTracingClient({ namespace: 'Microsoft.Switchyard', packageName: '@switchyard/spec', packageVersion: '0.0.0' });

  beforeAll(() => {
    tracing = startInMemoryTracing({ azureSdk: true, env: { EVENTGRID_KEY: TOPIC_KEY } });
  });
  afterAll(() => tracing.shutdown());
  beforeEach(() => tracing.reset());

  it('scrubs the attributes a span starts with, those set later and those of its events', () => {
    const { span } = client.startSpan('Sender.send', {}, { spanAttributes: { 'messaging.destination': `sb://ns/q?sig=${TOPIC_KEY}`, 'messaging.batch.count': 3 } });
    span.setAttribute('http.url', `https://topic.example/api/events?code=c0de-in-url&key=${TOPIC_KEY}`);
    span.addEvent?.('retry', { attributes: { reason: `401: The key ${TOPIC_KEY} is not valid` } });
    span.end();

    const [recorded] = tracing.spans();
    expect(recorded.attributes).toMatchObject({
      'messaging.destination': 'sb://ns/q?sig=[REDACTED]',
      'messaging.batch.count': 3,
      'http.url': 'https://topic.example/api/events?code=[REDACTED]&key=[REDACTED]',
    });
    expect(recorded.events.find((event) => event.name === 'retry')?.attributes).toEqual({ reason: '401: The key [REDACTED] is not valid' });
    expect(exported(tracing)).not.toMatch(new RegExp(`${TOPIC_KEY}|c0de-in-url`));
  });

  it('scrubs an exception recorded on its own, given as an error or as text, keeping its type', () => {
    const { span } = client.startSpan('Sender.send');
    span.recordException(Object.assign(new Error(`publish refused for key ${TOPIC_KEY}`), { code: 'Unauthorized' }));
    span.recordException(`retrying after Bearer abcdefgh-token-value`);
    span.end();

    const exceptions = tracing.spans()[0].events.filter((event) => event.name === 'exception').map((event) => event.attributes);
    expect(exceptions).toEqual([
      expect.objectContaining({ 'exception.type': 'Unauthorized', 'exception.message': 'publish refused for key [REDACTED]' }),
      expect.objectContaining({ 'exception.message': 'retrying after Bearer [REDACTED]' }),
    ]);
    expect(exported(tracing)).not.toMatch(new RegExp(`${TOPIC_KEY}|abcdefgh-token-value`));
  });

  it('scrubs a failure given as text in the status and its exception event', () => {
    const { span } = client.startSpan('Sender.send');
    span.setStatus({ status: 'error', error: `AccountKey=${TOPIC_KEY} was refused` });
    span.end();

    const [recorded] = tracing.spans();
    expect(recorded.status).toEqual({ code: SpanStatusCode.ERROR, message: 'AccountKey=[REDACTED] was refused' });
    expect(exported(tracing)).not.toContain(TOPIC_KEY);
  });

  it('leaves a 304 Not Modified unmarked, as the bridge does for an unscrubbed error', () => {
    const { span } = client.startSpan('BlobClient.download');
    span.setStatus({ status: 'error', error: Object.assign(new Error('Not Modified'), { statusCode: 304 }) });
    span.end();

    const [recorded] = tracing.spans();
    expect(recorded.status.code).toBe(SpanStatusCode.UNSET);
    expect(recorded.events).toEqual([]);
  });
});
