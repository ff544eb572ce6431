import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SpanKind, trace } from '@opentelemetry/api';
import { BuildCompleted, createEvent, type EventOf } from '@switchyard/contracts';
import { OnEvent, PermanentError } from '@switchyard/messaging';
import { createTestBus, waitFor } from '@switchyard/messaging/testing';
import { createLogger, createMetrics, HealthModule, startInMemoryTracing } from '@switchyard/observability';
import { startConsumerApp, type ConsumerApp } from '../src';

/** A consumer with a health module (one extra check) and, unless given controllers, nothing to consume. */
function startConsumer(options: { port?: number; host?: string; storageUp?: () => boolean; service?: string; controllers?: unknown[]; concurrency?: number } = {}) {
  const service = options.service ?? 'fake-consumer';
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const bus = createTestBus();
  const metrics = createMetrics('fake-consumer', { defaultMetrics: false });
  metrics.counter({ name: 'switchyard_fake_things_total', help: 'things' }).inc();
  @Module({})
  class FakeConsumerModule {}
  const module = (): DynamicModule => ({
    module: FakeConsumerModule,
    controllers: (options.controllers ?? []) as never[],
    imports: [HealthModule.forRoot({ bus, metrics, checks: [{ name: 'storage', check: () => (options.storageUp ?? (() => true))() }] })],
  });
  const started = startConsumerApp({
    service,
    bus,
    env: {},
    logger: createLogger({ service, level: 'info', destination }),
    metrics,
    concurrency: options.concurrency ?? 1,
    port: options.port,
    host: options.host,
    module,
  });
  return { started, lines, bus };
}

describe('startConsumerApp', () => {
  let app: ConsumerApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('hands back the readiness and metrics its /readyz and /metrics answer, also when it serves no HTTP', async () => {
    let storageUp = true;
    const consumer = startConsumer({ storageUp: () => storageUp });
    app = await consumer.started;
    expect(app.url).toBeUndefined();
    expect(app.health.service).toBe('fake-consumer');
    expect(await app.health.readiness()).toEqual({ status: 'ready', checks: { bus: { ok: true, detail: 'ready' }, storage: { ok: true } } });
    storageUp = false;
    expect(await app.health.readiness()).toMatchObject({ status: 'not-ready', checks: { storage: { ok: false, detail: 'check failed' } } });
    expect(await app.health.metrics.render()).toContain('switchyard_fake_things_total{service="fake-consumer"} 1');
    await consumer.bus.close();
  });

  it('logs a failed delivery once, with its own logger, saying what becomes of the message', async () => {
    @Controller()
    class FailingBuildController {
      @OnEvent(BuildCompleted)
      onBuild(): void {
        throw new TypeError('badge template missing');
      }
    }
    const consumer = startConsumer({ service: 'badge-renderer', controllers: [FailingBuildController] });
    const failures = () => consumer.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => JSON.stringify(line).includes('badge template missing'));
    const event = createEvent(BuildCompleted, {
      source: 'https://dev.azure.com/fabrikam/',
      data: { project: { name: 'Fabrikam' }, definition: { name: 'app-ci' }, build: { id: 1 } },
    });
    try {
      app = await consumer.started;
      await consumer.bus.publisher.publish(event);
      await waitFor(() => failures()[0], 'the log line of the failed delivery');
    } finally {
      await app?.close();
      app = undefined;
      await consumer.bus.close();
    }
    expect(failures()[0]).toMatchObject({
      level: 'error',
      service: 'badge-renderer',
      msg: 'handler failed unexpectedly; the message will be delivered again',
      messageId: event.id,
      subscription: 'builds/badge-renderer',
      deliveryCount: 1,
      err: { type: 'TypeError', message: 'badge template missing' },
    });
    // One line per delivery: not a second one from Nest's exception handler, which in a process of
    // several services would carry another service's name.
    expect(failures().filter((line) => line['messageId'] === undefined)).toEqual([]);
  });

  it("logs a dead letter in that message's trace, not in the trace of the event handled before it", async () => {
    @Controller()
    class RefusingBuildController {
      @OnEvent(BuildCompleted)
      async onBuild(@Payload() event: EventOf<typeof BuildCompleted>): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (event.data.build.id === 2) throw new PermanentError('BADGE.TEST_REFUSED', 'build 2 refused');
      }
    }
    const tracing = startInMemoryTracing();
    const consumer = startConsumer({ service: 'badge-renderer', controllers: [RefusingBuildController] });
    const deadLettered = () => consumer.lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'message dead-lettered');
    const events = [1, 2].map((id) =>
      createEvent(BuildCompleted, { source: 'https://dev.azure.com/fabrikam/', data: { project: { name: 'Fabrikam' }, definition: { name: 'app-ci' }, build: { id } } }),
    );
    try {
      app = await consumer.started;
      // Two service hooks, each its own trace; the second event is delivered when the first completes.
      for (const [n, event] of events.entries()) {
        await trace.getTracer('test').startActiveSpan(`hook ${n + 1}`, async (hook) => {
          await consumer.bus.publisher.publish(event);
          hook.end();
        });
      }
      await waitFor(deadLettered, 'the dead letter log line');
      const consumerSpan = await waitFor(
        () => tracing.spans().find((span) => span.kind === SpanKind.CONSUMER && span.attributes['messaging.message.id'] === events[1].id),
        'the CONSUMER span of the refused event',
      );
      const producerSpan = tracing.spans().find((span) => span.kind === SpanKind.PRODUCER && span.attributes['messaging.message.id'] === events[1].id);
      expect(consumerSpan.parentSpanContext?.spanId).toBe(producerSpan?.spanContext().spanId);
      expect(deadLettered()).toMatchObject({
        messageId: events[1].id,
        reason: 'BADGE.TEST_REFUSED',
        trace_id: producerSpan?.spanContext().traceId,
        span_id: consumerSpan.spanContext().spanId,
      });
    } finally {
      await app?.close();
      app = undefined;
      await consumer.bus.close();
      await tracing.shutdown();
    }
  });

  it("counts every settlement in the service's bus metrics: outcome per subscription and type, dead letters per reason", async () => {
    @Controller()
    class RefusingBuildController {
      @OnEvent(BuildCompleted)
      onBuild(@Payload() event: EventOf<typeof BuildCompleted>): void {
        if (event.data.build.id === 2) throw new PermanentError('BADGE.TEST_REFUSED', 'build 2 refused');
      }
    }
    const consumer = startConsumer({ service: 'badge-renderer', controllers: [RefusingBuildController] });
    try {
      app = await consumer.started;
      for (const id of [1, 2]) await consumer.bus.publisher.publish(buildCompleted(id));
      const settled = await waitFor(async () => {
        const text = await app!.health.metrics.render();
        return /switchyard_bus_messages_settled_total\{[^}]*outcome="dead-lettered"[^}]*\} 1/.test(text) ? text : undefined;
      }, 'the dead letter counted');
      expect(settled).toContain(`switchyard_bus_messages_settled_total{subscription="builds/badge-renderer",type="${BuildCompleted.type}",outcome="completed",service="fake-consumer"} 1`);
      expect(settled).toMatch(/switchyard_bus_dead_lettered_total\{[^}]*reason="BADGE\.TEST_REFUSED"[^}]*\} 1/);
    } finally {
      await app?.close();
      app = undefined;
      await consumer.bus.close();
    }
  });

  it('handles as many messages at once as its concurrency says, and close() returns only once those in flight are done', async () => {
    const inFlight = { started: 0, running: 0, peak: 0, done: 0 };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    @Controller()
    class SlowBuildController {
      @OnEvent(BuildCompleted)
      async onBuild(): Promise<void> {
        inFlight.started++;
        inFlight.peak = Math.max(inFlight.peak, ++inFlight.running);
        await held;
        inFlight.running--;
        inFlight.done++;
      }
    }
    const consumer = startConsumer({ service: 'badge-renderer', controllers: [SlowBuildController], concurrency: 2 });
    try {
      app = await consumer.started;
      for (const id of [1, 2, 3]) await consumer.bus.publisher.publish(buildCompleted(id));
      await waitFor(() => (inFlight.running === 2 ? true : undefined), 'two handlers at once');
      // Close while both are still held, and let them finish only later: close() must wait for them.
      const closed = app.close().then(() => ({ ...inFlight }));
      app = undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const atClose = await closed;
      expect(atClose).toEqual({ started: atClose.done, running: 0, peak: 2, done: atClose.done });
      // Nothing lost: what was not handled still waits on the subscription.
      expect(atClose.done + consumer.bus.backlog('builds', 'badge-renderer')).toBe(3);
    } finally {
      await app?.close();
      app = undefined;
      await consumer.bus.close();
    }
  });

  it('rejects with the listen error when its port is taken, and Nest logs no raw line of it (the caller explains it once)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const consumer = startConsumer({ port, host: '127.0.0.1' });
      await expect(consumer.started).rejects.toMatchObject({ code: 'EADDRINUSE', syscall: 'listen' });
      expect(consumer.lines.join('')).not.toContain('EADDRINUSE');
      await consumer.bus.close();
    } finally {
      taken.close();
    }
  });
});

function buildCompleted(id: number) {
  return createEvent(BuildCompleted, { source: 'https://dev.azure.com/fabrikam/', data: { project: { name: 'Fabrikam' }, definition: { name: 'app-ci' }, build: { id } } });
}
