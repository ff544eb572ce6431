import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { createEvent, defineEvent, type EventOf } from '@switchyard/contracts';
import { z } from 'zod';
import type { Topology } from '../bus/topology';
import type { SettlementObserver } from '../consumer/event-handler';
import type { BusContext } from '../ctx-host/bus.context';
import { OnEvent } from '../decorators/on-event.decorator';
import { EmbeddedBus } from '../embedded/embedded-bus';
import { MessagingModule } from '../messaging.module';
import { waitFor } from '../testing/wait-for';
import { BusTransport } from './bus.transport';

// Embedded bus only: a service with subscriptions on two topics, and locks short enough to outlive.
const Pinged = defineEvent({ type: 'transport-test.pinged.v1', topic: 'pings', description: 'Handled by the test service.', data: z.object({ n: z.number() }) });
const Ponged = defineEvent({ type: 'transport-test.ponged.v1', topic: 'pongs', description: 'Taken by a subscription of the test service that has no handler yet.', data: z.object({ n: z.number() }) });
const topology: Topology = {
  contracts: [Pinged, Ponged],
  subscriptions: [
    { topic: 'pings', name: 'svc', eventTypes: [Pinged.type], maxDeliveryCount: 5 },
    { topic: 'pongs', name: 'svc', eventTypes: [Ponged.type], maxDeliveryCount: 5 },
  ],
};
const source = 'urn:test';

/** Handles pings only; the first delivery of ping n = 2 takes 150 ms. */
const handled: string[] = [];
@Controller()
class PingController {
  @OnEvent(Pinged)
  async onPing(@Payload() event: EventOf<typeof Pinged>, @Ctx() ctx: BusContext): Promise<void> {
    handled.push(`${event.data.n}#${ctx.deliveryCount}`);
    if (event.data.n === 2 && ctx.deliveryCount === 1) await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe('BusTransport (embedded bus)', () => {
  let bus: EmbeddedBus;
  let app: INestMicroservice | undefined;

  async function start(onSettled?: SettlementObserver): Promise<void> {
    @Module({ imports: [MessagingModule.forRoot({ bus })], controllers: [PingController] })
    class AppModule {}
    app = await NestFactory.createMicroservice(AppModule, { strategy: new BusTransport({ bus, service: 'svc', onSettled }), logger: false });
    await app.listen();
  }

  beforeEach(() => {
    handled.length = 0;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await bus.close();
  });

  it('does not receive on a subscription of the service that no handler takes: its messages wait there, none dead-lettered', async () => {
    bus = new EmbeddedBus({ topology, onDropped: () => undefined });
    const waiting = createEvent(Ponged, { source, data: { n: 1 } });
    await bus.publisher.publish(waiting);
    await start(() => undefined);
    await bus.publisher.publish(createEvent(Pinged, { source, data: { n: 1 } }));
    await waitFor(() => (handled.length > 0 ? true : undefined), 'the ping');
    expect(bus.backlog('pongs', 'svc')).toBe(1);
    expect(await bus.deadLetters('pongs', 'svc').list()).toEqual([]);
  });

  it('reports an outcome it could not apply because the handler outlived the lock, and the message is delivered again', async () => {
    bus = new EmbeddedBus({ topology, lockDurationMs: 50, onDropped: () => undefined });
    const failures: unknown[] = [];
    await start((outcome) => void (outcome.settleFailed && failures.push({ deliveryCount: outcome.deliveryCount, kind: outcome.settlement.kind, code: outcome.settleFailed.code })));
    await bus.publisher.publish(createEvent(Pinged, { source, data: { n: 2 } }));
    await waitFor(() => (failures.length > 0 && handled.length >= 2 ? true : undefined), 'the lost lock and the redelivery');
    expect(failures).toEqual([{ deliveryCount: 1, kind: 'complete', code: 'MessageLockLost' }]);
    expect(handled).toEqual(['2#1', '2#2']);
  });
});
