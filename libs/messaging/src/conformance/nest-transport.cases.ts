import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { createEvent, type EventOf } from '@switchyard/contracts';
import { firstValueFrom } from 'rxjs';
import type { Bus, Settlement } from '../bus/bus.port';
import type { SettlementObserver } from '../consumer/event-handler';
import { lastErrorCodeOf } from '../bus/last-error-code';
import { BusContext } from '../ctx-host/bus.context';
import { OnEvent } from '../decorators/on-event.decorator';
import { PermanentError } from '../errors/permanent.error';
import { MessagingModule } from '../messaging.module';
import { EventPublisher } from '../publisher/event-publisher';
import { BusTransport } from '../server/bus.transport';
import { waitFor } from '../testing/wait-for';
import { waitForDeadLetter } from '../testing/wait-for-dead-letter';
import { CONFORMANCE_TOPIC, ConformanceAlpha, ConformanceBeta, ConformanceUnrouted, MAX_DELIVERIES } from './conformance-topology';
import { Recorder } from './recorder';

const RECORDER = Symbol('recorder');
const IN_FLIGHT = Symbol('in-flight');
const source = 'urn:switchyard:conformance';

/** How many handlers of one app run at once, and the most that ever did. */
interface InFlight {
  running: number;
  peak: number;
}

/** n = 13: transient failure every time (14: with a code); n = 99: permanent failure; n = 7: answers with a beta event; n = 21: takes 150 ms. */
@Controller()
class NarrowController {
  constructor(
    @Inject(RECORDER) private readonly recorder: Recorder,
    @Inject(IN_FLIGHT) private readonly inFlight: InFlight,
    private readonly publisher: EventPublisher,
  ) {}

  @OnEvent(ConformanceAlpha)
  async onAlpha(@Payload() event: EventOf<typeof ConformanceAlpha>, @Ctx() ctx: BusContext): Promise<void> {
    if (!this.recorder.record(event, ctx)) return;
    this.inFlight.peak = Math.max(this.inFlight.peak, ++this.inFlight.running);
    try {
      await new Promise((resolve) => setTimeout(resolve, event.data.n === 21 ? 150 : 20));
    } finally {
      this.inFlight.running--;
    }
    if (event.data.n === 13) throw new Error('downstream unavailable');
    if (event.data.n === 14) throw Object.assign(new Error('downstream busy'), { code: 'TEST.DOWNSTREAM_BUSY' });
    if (event.data.n === 99) throw new PermanentError('TEST.REFUSED', 'n = 99 is refused; send another n');
    if (event.data.n === 7) {
      await this.publisher.publish(createEvent(ConformanceBeta, { source, correlationId: event.correlationId, data: { run: event.data.run, n: 8 } }));
    }
  }
}

@Controller()
class UnroutedController {
  @OnEvent(ConformanceUnrouted)
  onUnrouted(): void {
    throw new Error('never called: the transport must refuse to start');
  }
}

async function startMicroservice(bus: Bus, recorder: Recorder, controllers: unknown[] = [NarrowController], onSettled?: SettlementObserver, concurrency?: number) {
  const inFlight: InFlight = { running: 0, peak: 0 };
  @Module({
    imports: [MessagingModule.forRoot({ bus })],
    controllers: controllers as never[],
    providers: [
      { provide: RECORDER, useValue: recorder },
      { provide: IN_FLIGHT, useValue: inFlight },
    ],
  })
  class AppModule {}
  const transport = new BusTransport({ bus, service: 'narrow', onSettled, concurrency });
  const app = await NestFactory.createMicroservice(AppModule, { strategy: transport, logger: false });
  return { app, transport, inFlight };
}

/** A tiny Nest microservice on the bus: @OnEvent handlers are awaited and settle their messages by outcome. */
export function nestTransportCases(current: () => { bus: Bus; run: string }): void {
  let app: INestMicroservice | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('calls the @OnEvent handler with the validated event and its BusContext, and reports ready', async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    const started = await startMicroservice(bus, recorder);
    app = started.app;
    await app.listen();
    const event = createEvent(ConformanceAlpha, { source, data: { run, n: 1 } });
    await bus.publisher.publish(event);
    const [received] = await recorder.count(1);
    expect(received.event).toEqual(event);
    expect(received.ctx).toBeInstanceOf(BusContext);
    expect(received.ctx.subscription).toBe('narrow');
    expect(await firstValueFrom(started.transport.status)).toBe('ready');
  });

  it('abandons when the handler fails (awaited, not fire-and-forget) and dead-letters after maxDeliveryCount', async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    app = (await startMicroservice(bus, recorder)).app;
    await app.listen();
    const event = createEvent(ConformanceAlpha, { source, data: { run, n: 13 } });
    await bus.publisher.publish(event);
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id, timeoutMs: 15_000 });
    expect(deadLetter.reason).toBe('MaxDeliveryCountExceeded');
    expect(recorder.received).toHaveLength(MAX_DELIVERIES);
  });

  it("abandons with the handler's own error, code included, not Nest's \"Internal server error\"", async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    const settled: Settlement[] = [];
    app = (await startMicroservice(bus, recorder, [NarrowController], (outcome) => settled.push(outcome.settlement))).app;
    await app.listen();
    await bus.publisher.publish(createEvent(ConformanceAlpha, { source, data: { run, n: 14 } }));
    await recorder.count(1);
    await waitFor(() => settled[0], 'the first settlement');
    expect(settled[0]).toMatchObject({ kind: 'abandon', error: { code: 'TEST.DOWNSTREAM_BUSY', message: 'downstream busy' } });
    expect(lastErrorCodeOf((settled[0] as { error: unknown }).error)).toBe('TEST.DOWNSTREAM_BUSY');
  });

  it('dead-letters at once when the handler throws PermanentError, through Nest exception filters', async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    app = (await startMicroservice(bus, recorder)).app;
    await app.listen();
    const event = createEvent(ConformanceAlpha, { source, data: { run, n: 99 } });
    await bus.publisher.publish(event);
    const deadLetter = await waitForDeadLetter(bus, CONFORMANCE_TOPIC, 'narrow', { messageId: event.id });
    expect(deadLetter).toMatchObject({ reason: 'TEST.REFUSED', description: 'n = 99 is refused; send another n' });
    expect(recorder.received).toHaveLength(1);
  });

  it('lets a handler publish through the injected EventPublisher', async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    app = (await startMicroservice(bus, recorder)).app;
    await app.listen();
    const replies = new Recorder(run);
    const { consumeEvents, on } = await import('../consumer/consume-events');
    const receiver = await consumeEvents(bus, { topic: CONFORMANCE_TOPIC, subscription: 'wide' }, [
      on(ConformanceAlpha, () => undefined),
      on(ConformanceBeta, (event, ctx) => void replies.record(event, ctx)),
    ]);
    try {
      const event = createEvent(ConformanceAlpha, { source, data: { run, n: 7 } });
      await bus.publisher.publish(event);
      const [reply] = await replies.count(1);
      expect(reply.event).toMatchObject({ type: ConformanceBeta.type, correlationId: event.correlationId, data: { n: 8 } });
    } finally {
      await receiver.close();
    }
  });

  it('runs as many @OnEvent handlers at once as its concurrency says, and no more', async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    const started = await startMicroservice(bus, recorder, [NarrowController], undefined, 2);
    app = started.app;
    await app.listen();
    for (let i = 0; i < 4; i++) await bus.publisher.publish(createEvent(ConformanceAlpha, { source, data: { run, n: 21 } }));
    await recorder.count(4);
    expect(started.inFlight.peak).toBe(2);
  });

  it('drains on close: app.close() returns once the handler in flight has finished and its message is settled', async () => {
    const { bus, run } = current();
    const recorder = new Recorder(run);
    const settled: string[] = [];
    const started = await startMicroservice(bus, recorder, [NarrowController], (outcome) => settled.push(`${outcome.messageId} ${outcome.settlement.kind}`));
    app = started.app;
    await app.listen();
    const event = createEvent(ConformanceAlpha, { source, data: { run, n: 21 } });
    await bus.publisher.publish(event);
    await recorder.count(1);
    await app.close();
    app = undefined;
    expect(started.inFlight.running).toBe(0);
    expect(settled).toEqual([`${event.id} complete`]);
  });

  it('refuses to start when a handler listens for a type none of the service subscriptions takes', async () => {
    const { bus, run } = current();
    const started = await startMicroservice(bus, new Recorder(run), [UnroutedController]);
    app = started.app;
    await expect(app.listen()).rejects.toMatchObject({ code: 'MESSAGING.CONFIG_INVALID', variable: ConformanceUnrouted.type });
  });
}
