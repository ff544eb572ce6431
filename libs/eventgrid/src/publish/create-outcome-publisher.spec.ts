import { Registry } from 'prom-client';
import { captureLogger } from '../../test/capture-logger';
import { deadEndpoint, startLoopbackReceiver } from '../../test/loopback-receiver';
import { outcomeEnvelope } from '../../test/outcome-envelope';
import { createOutcomePublisher } from './create-outcome-publisher';
import type { OutcomePublisher } from './outcome-publisher.port';

const key = 'eg-key-9f1c2d3e4b5a';
const fast = { backoff: { baseMs: 5, maxMs: 20 } };

describe('createOutcomePublisher against a loopback Event Grid receiver', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function receiver(script: Parameters<typeof startLoopbackReceiver>[0] = {}) {
    const started = await startLoopbackReceiver(script);
    cleanups.push(started.close);
    return started;
  }

  function publisher(env: Record<string, string>, options: Parameters<typeof createOutcomePublisher>[1] = {}): OutcomePublisher {
    const created = createOutcomePublisher({ EVENTGRID_KEY: key, ...env }, { ...fast, ...options });
    cleanups.push(() => created.close(1_000));
    return created;
  }

  it('posts a CloudEvents 1.0 batch with the access key header', async () => {
    const topic = await receiver();
    const registry = new Registry();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { registry });

    outcomes.publish(outcomeEnvelope('e1'));
    outcomes.publish(outcomeEnvelope('e2', { type: 'switchyard.build.queued.v1', source: 'urn:switchyard:build-trigger' }));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(1);
    const [request] = topic.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toMatch(/^\/api\/events\?api-version=/);
    expect(request.headers['content-type']).toBe('application/cloudevents-batch+json; charset=utf-8');
    expect(request.headers['aeg-sas-key']).toBe(key);
    const batch = JSON.parse(request.body);
    expect(batch).toEqual([
      {
        specversion: '1.0',
        id: 'e1',
        type: 'switchyard.badge.rendered.v1',
        source: 'urn:switchyard:badge-renderer',
        subject: 'contoso/web/release-pipeline/7',
        time: '2026-11-21T20:00:00.000Z',
        datacontenttype: 'application/json',
        data: { blob: 'badges/e1.svg', status: 'succeeded' },
        correlationid: 'corr-e1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      expect.objectContaining({ id: 'e2', type: 'switchyard.build.queued.v1', source: 'urn:switchyard:build-trigger' }),
    ]);
    expect(outcomes.stats()).toMatchObject({ accepted: 2, delivered: 2, failedAttempts: 0 });
    expect(await registry.getSingleMetricAsString('switchyard_eventgrid_events_delivered_total')).toMatch(/ 2$/m);
  });

  it('splits the queue into batches of EVENTGRID_BATCH_SIZE, in order', async () => {
    const topic = await receiver();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_BATCH_SIZE: '2' });

    for (const id of ['a', 'b', 'c', 'd', 'e']) outcomes.publish(outcomeEnvelope(id));
    await outcomes.flush();

    expect(topic.requests.map((r) => JSON.parse(r.body).map((e: { id: string }) => e.id))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('retries a batch the receiver failed (500 then 200) and counts the failure', async () => {
    const topic = await receiver({ statuses: [500] });
    const registry = new Registry();
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { registry, logger });

    outcomes.publish(outcomeEnvelope('r1'));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(2);
    expect(JSON.parse(topic.requests[1].body)[0].id).toBe('r1');
    expect(outcomes.stats()).toMatchObject({ delivered: 1, failedAttempts: 1, dropped: { retriesExhausted: 0, rejected: 0 } });
    expect(await registry.getSingleMetricAsString('switchyard_eventgrid_publish_failures_total')).toContain('status="500"} 1');
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ status: '500', attempt: 1 }) })]);
  });

  it('gives up on a rejected batch (400) at once, with a logged reason and without the key', async () => {
    const topic = await receiver({ statuses: [400] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('bad'));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(1);
    expect(outcomes.stats().dropped).toEqual({ queueFull: 0, rejected: 1, retriesExhausted: 0, shutdown: 0 });
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ reason: 'rejected', eventIds: ['bad'] }) }),
    ]);
    expect(logger.lines[0].message).toMatch(/Event Grid answered 400/);
    expect(JSON.stringify(logger.lines)).not.toContain(key);
  });

  it('a batch refused for one bad event is split until only that event is given up on', async () => {
    const topic = await receiver({ invalidIds: ['outcome-37'] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_BATCH_SIZE: '100' }, { logger });

    for (let i = 0; i < 100; i++) outcomes.publish(outcomeEnvelope(`outcome-${i}`));
    await outcomes.flush();

    expect(outcomes.stats()).toMatchObject({ delivered: 99, dropped: { rejected: 1 } });
    const dropped = logger.lines.filter((line) => line.level === 'error').flatMap((line) => line.fields['eventIds'] as string[]);
    expect(dropped).toEqual(['outcome-37']);
    expect(topic.requests.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100)) + 1);
  });

  it('stops halving when a whole half is refused too (a cause all the events share), and still logs every id', async () => {
    const topic = await receiver({ invalidIds: Array.from({ length: 100 }, (_, i) => `outcome-${i}`) });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_BATCH_SIZE: '100' }, { logger });

    for (let i = 0; i < 100; i++) outcomes.publish(outcomeEnvelope(`outcome-${i}`));
    await outcomes.flush();

    expect(outcomes.stats()).toMatchObject({ delivered: 0, dropped: { rejected: 100 } });
    expect(topic.requests.length).toBeLessThanOrEqual(Math.ceil(Math.log2(100)) + 2);
    const logged = logger.lines.filter((line) => line.level === 'error').flatMap((line) => line.fields['eventIds'] as string[]);
    expect(new Set(logged).size).toBe(100);
  });

  it('logs the id of every event it gives up on, however many', async () => {
    const topic = await receiver({ statuses: [403] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_BATCH_SIZE: '250' }, { logger });

    for (let i = 0; i < 250; i++) outcomes.publish(outcomeEnvelope(`outcome-${i}`));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(1);
    const logged = logger.lines.filter((line) => line.level === 'error').flatMap((line) => line.fields['eventIds'] as string[]);
    expect(new Set(logged).size).toBe(250);
  });

  it('reports a refused access key (401) with what to fix, without the key', async () => {
    const body = JSON.stringify({ error: { code: 'Unauthorized', message: `The request authorization key '${key}' is not authorized for OUTCOMES.` } });
    const topic = await receiver({ statuses: [{ status: 401, body }] });
    const registry = new Registry();
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { registry, logger });

    outcomes.publish(outcomeEnvelope('a1'));
    outcomes.publish(outcomeEnvelope('a2'));
    await outcomes.flush();

    // Not retried and not split: the key is wrong for every event alike.
    expect(topic.requests).toHaveLength(1);
    expect(outcomes.stats().dropped).toMatchObject({ rejected: 2 });
    expect(await registry.getSingleMetricAsString('switchyard_eventgrid_publish_failures_total')).toContain('status="401"} 1');
    expect(await registry.getSingleMetricAsString('switchyard_eventgrid_events_dropped_total')).toContain('reason="rejected"} 2');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0].message).toMatch(/Event Grid answered 401: the topic refused EVENTGRID_KEY: set it to a current access key/);
    expect(logger.lines[0].message).toContain('is not authorized for OUTCOMES');
    expect(JSON.stringify(logger.lines)).not.toContain(key);
  });

  it('reports a 403 as a refused access key too, not retried', async () => {
    const topic = await receiver({ statuses: [403] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('f1'));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(1);
    expect(outcomes.stats().dropped).toMatchObject({ rejected: 1 });
    expect(logger.lines[0].message).toMatch(/Event Grid answered 403: the topic refused EVENTGRID_KEY/);
  });

  it('logs at most the first 300 characters of what Event Grid answered', async () => {
    const body = JSON.stringify({ error: { code: 'BadRequest', message: `Invalid event: ${'x'.repeat(5_000)}` } });
    const topic = await receiver({ statuses: [{ status: 400, body }] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('long'));
    await outcomes.flush();

    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0].message).toMatch(/Event Grid answered 400/);
    expect(logger.lines[0].message.length).toBeLessThan(500);
  });

  it('names EVENTGRID_ENDPOINT when no topic answers there (404 with an empty body)', async () => {
    const topic = await receiver({ statuses: [{ status: 404, body: '' }] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('n1'));
    await outcomes.flush();

    expect(outcomes.stats().dropped).toMatchObject({ rejected: 1 });
    expect(logger.lines[0].message).toMatch(/Event Grid answered 404: no topic at EVENTGRID_ENDPOINT/);
  });

  it('waits as long as a 429 asks (Retry-After) before trying again', async () => {
    const topic = await receiver({ statuses: [{ status: 429, headers: { 'retry-after': '1' } }] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('t1'));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(2);
    // The backoff alone (fast here) would retry within 20 ms.
    expect(topic.requests[1].receivedAt - topic.requests[0].receivedAt).toBeGreaterThanOrEqual(950);
    expect(outcomes.stats()).toMatchObject({ delivered: 1, failedAttempts: 1 });
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ status: '429', delayMs: 1_000 }) })]);
  });

  it('retries a batch answered 408 (request timeout), a transient failure', async () => {
    const topic = await receiver({ statuses: [408] });
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint });

    outcomes.publish(outcomeEnvelope('slow'));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(2);
    expect(outcomes.stats()).toMatchObject({ delivered: 1, failedAttempts: 1, dropped: { rejected: 0 } });
  });

  it("waits as long as a 503 asks too, in Azure's retry-after-ms", async () => {
    const topic = await receiver({ statuses: [{ status: 503, headers: { 'retry-after-ms': '400' } }] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('busy'));
    await outcomes.flush();

    expect(topic.requests).toHaveLength(2);
    expect(topic.requests[1].receivedAt - topic.requests[0].receivedAt).toBeGreaterThanOrEqual(390);
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ status: '503', delayMs: 400 }) })]);
  });

  it('waits at most a minute, whatever Retry-After asks', async () => {
    const topic = await receiver({ statuses: [{ status: 429, headers: { 'retry-after': '3600' } }] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('throttled'));
    for (const deadline = Date.now() + 5_000; logger.lines.length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ status: '429', delayMs: 60_000 }) })]);

    await outcomes.close(50);
    expect(outcomes.stats().dropped).toMatchObject({ shutdown: 1 });
  });

  it('splits a batch refused with 413 (too large) as it does one refused with 400', async () => {
    const topic = await receiver({ invalidIds: ['big'], refuseWith: 413 });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    for (const id of ['a', 'big', 'c', 'd']) outcomes.publish(outcomeEnvelope(id));
    await outcomes.flush();

    expect(outcomes.stats()).toMatchObject({ delivered: 3, dropped: { rejected: 1 } });
    expect(logger.lines.flatMap((line) => line.fields['eventIds'] as string[])).toEqual(['big']);
  });

  it('still sends the other event of a pair whose first event alone is refused', async () => {
    const topic = await receiver({ invalidIds: ['first'] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('first'));
    outcomes.publish(outcomeEnvelope('second'));
    await outcomes.flush();

    expect(topic.requests.map((r) => JSON.parse(r.body).map((e: { id: string }) => e.id))).toEqual([['first', 'second'], ['first'], ['second']]);
    expect(outcomes.stats()).toMatchObject({ delivered: 1, dropped: { rejected: 1 } });
  });

  it('keeps each request under 1 MB, however many events EVENTGRID_BATCH_SIZE allows', async () => {
    const topic = await receiver();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint });
    const large = (id: string) => outcomeEnvelope(id, { data: { filler: 'x'.repeat(400_000) } });

    for (const id of ['l1', 'l2', 'l3']) outcomes.publish(large(id));
    await outcomes.flush();

    expect(topic.requests.map((r) => JSON.parse(r.body).map((e: { id: string }) => e.id))).toEqual([['l1', 'l2'], ['l3']]);
    for (const request of topic.requests) expect(Buffer.byteLength(request.body)).toBeLessThan(1_000_000);
    expect(outcomes.stats()).toMatchObject({ delivered: 3 });
  });

  it('gives up at once on an event over 1 MB, without sending it or holding up the others', async () => {
    const topic = await receiver();
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    outcomes.publish(outcomeEnvelope('huge', { data: { filler: 'x'.repeat(1_100_000) } }));
    outcomes.publish(outcomeEnvelope('small'));
    await outcomes.flush();

    expect(topic.requests.map((r) => JSON.parse(r.body).map((e: { id: string }) => e.id))).toEqual([['small']]);
    expect(outcomes.stats()).toMatchObject({ accepted: 1, delivered: 1, failedAttempts: 0, dropped: { rejected: 1 } });
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ reason: 'rejected', eventIds: ['huge'] }) })]);
    expect(logger.lines[0].message).toMatch(/Event Grid accepts at most 1 MB/);
  });

  it('reports the events waiting in every publisher on a registry as one queue depth', async () => {
    const topic = await receiver({ hang: true });
    const registry = new Registry();
    const first = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { registry });
    const second = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { registry });

    first.publish(outcomeEnvelope('f1'));
    second.publish(outcomeEnvelope('s1'));
    // Both first batches are in flight (never answered); what is published now waits.
    await topic.waitForRequests(2);
    first.publish(outcomeEnvelope('f2'));
    first.publish(outcomeEnvelope('f3'));
    second.publish(outcomeEnvelope('s2'));

    expect(await registry.getSingleMetricAsString('switchyard_eventgrid_queue_depth')).toMatch(/^switchyard_eventgrid_queue_depth 3$/m);
    await first.close(50);
    await second.close(50);
  });

  it('gives up on a request the topic never answers after EVENTGRID_TIMEOUT_MS, and retries it', async () => {
    const topic = await receiver({ statuses: ['hang'] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_TIMEOUT_MS: '200' }, { logger });

    outcomes.publish(outcomeEnvelope('h1'));
    await outcomes.flush(5_000);

    expect(topic.requests).toHaveLength(2);
    const gap = topic.requests[1].receivedAt - topic.requests[0].receivedAt;
    expect(gap).toBeGreaterThanOrEqual(190);
    expect(gap).toBeLessThan(2_000);
    expect(outcomes.stats()).toMatchObject({ delivered: 1, failedAttempts: 1 });
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ status: 'network', error: 'no answer within 200 ms (EVENTGRID_TIMEOUT_MS)' }) }),
    ]);
  });

  it('counts events still being split when the publisher closes as shutdown, not as refused', async () => {
    const topic = await receiver({ statuses: [400, 'hang'] });
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint }, { logger });

    for (const id of ['s1', 's2', 's3', 's4']) outcomes.publish(outcomeEnvelope(id));
    await topic.waitForRequests(2);
    await outcomes.close(50);

    expect(outcomes.stats().dropped).toEqual({ queueFull: 0, rejected: 0, retriesExhausted: 0, shutdown: 4 });
    expect(logger.lines.map((line) => [line.fields['reason'], line.fields['eventIds']])).toEqual([
      ['shutdown', ['s1', 's2']],
      ['shutdown', ['s3', 's4']],
    ]);
  });

  it('gives up on an event whose time is no date at once, instead of failing the batch it would be sent in', async () => {
    const topic = await receiver();
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_MAX_ATTEMPTS: '2' }, { logger });

    outcomes.publish(outcomeEnvelope('good'));
    outcomes.publish(outcomeEnvelope('timeless', { time: 'yesterday' }));
    await outcomes.flush();

    expect(topic.requests.map((r) => JSON.parse(r.body).map((e: { id: string }) => e.id))).toEqual([['good']]);
    expect(outcomes.stats()).toMatchObject({ delivered: 1, failedAttempts: 0, dropped: { rejected: 1 } });
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ reason: 'rejected', eventIds: ['timeless'] }) })]);
    expect(logger.lines[0].message).toMatch(/time "yesterday" is not a date/);
  });

  it('never blocks or fails the caller when the receiver is dead, and counts what it gave up on', async () => {
    const registry = new Registry();
    const logger = captureLogger();
    const outcomes = publisher({ EVENTGRID_ENDPOINT: await deadEndpoint(), EVENTGRID_MAX_ATTEMPTS: '3' }, { registry, logger });

    expect(outcomes.publish(outcomeEnvelope('d1'))).toBeUndefined();
    expect(outcomes.stats()).toMatchObject({ accepted: 1, queued: 1 });
    await outcomes.flush();

    expect(outcomes.stats()).toMatchObject({ delivered: 0, failedAttempts: 3, dropped: { retriesExhausted: 1 }, queued: 0 });
    expect(await registry.getSingleMetricAsString('switchyard_eventgrid_events_dropped_total')).toContain('reason="retries_exhausted"} 1');
    expect(logger.lines.at(-1)?.message).toMatch(/3 attempts failed \(EVENTGRID_MAX_ATTEMPTS\)/);
    expect(JSON.stringify(logger.lines)).not.toContain(key);
  });

  it('bounds the queue while the receiver hangs, and close() gives up within its deadline', async () => {
    const topic = await receiver({ hang: true });
    const logger = captureLogger();
    const outcomes = createOutcomePublisher({ EVENTGRID_ENDPOINT: topic.endpoint, EVENTGRID_KEY: key, EVENTGRID_QUEUE_LIMIT: '2' }, { ...fast, logger });

    for (const id of ['q1', 'q2', 'q3', 'q4']) outcomes.publish(outcomeEnvelope(id));
    expect(outcomes.stats()).toMatchObject({ accepted: 2, dropped: { queueFull: 2 } });
    await topic.waitForRequests(1);

    await outcomes.close(50);
    outcomes.publish(outcomeEnvelope('late'));

    expect(outcomes.stats()).toMatchObject({ delivered: 0, dropped: { queueFull: 2, shutdown: 3 }, queued: 0 });
    expect(logger.lines.map((l) => l.fields['reason'])).toEqual(['queue_full', 'queue_full', 'shutdown', 'shutdown']);
  });

  it('is a no-op when EVENTGRID_ENDPOINT is unset', async () => {
    const outcomes = createOutcomePublisher({});
    outcomes.publish(outcomeEnvelope('n1'));
    await outcomes.close();
    expect(outcomes.enabled).toBe(false);
    expect(outcomes.stats().accepted).toBe(0);
  });
});
