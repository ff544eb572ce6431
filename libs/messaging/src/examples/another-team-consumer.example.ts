/* eslint-disable @nx/enforce-module-boundaries -- imports the package as a consumer does, so that
   docs/messaging.md ("A consumer owned by another team") shows this file from its first import on, verbatim. */
import { Controller, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { ReleaseDeploymentCompleted, type EventOf } from '@switchyard/contracts';
import { busOptionsFromEnv, BusTransport, createBus, defaultTopology, OnEvent, type Bus, type SubscriptionSpec, type Topology } from '@switchyard/messaging';

/** Our subscription on switchyard's `releases` topic. Our own infrastructure creates it (see below). */
export const myTeamSubscription: SubscriptionSpec = {
  topic: ReleaseDeploymentCompleted.topic,
  name: 'my-team',
  eventTypes: [ReleaseDeploymentCompleted.type],
  maxDeliveryCount: 10,
  lockDurationSeconds: 60,
};

/** switchyard's contracts (topics, schemas) with our subscription instead of switchyard's own. */
export const myTeamTopology: Topology = { contracts: defaultTopology().contracts, subscriptions: [myTeamSubscription] };

/** BUS=servicebus with SERVICEBUS_FQDN in production; the embedded bus by default. */
export function createMyTeamBus(env: Record<string, string | undefined> = process.env): Bus {
  return createBus(busOptionsFromEnv(env, { topology: myTeamTopology }));
}

/** What we do with a deployment; a throw is a transient failure (the message is delivered again). */
export abstract class DeploymentLog {
  abstract record(event: EventOf<typeof ReleaseDeploymentCompleted>): Promise<void>;
}

@Controller()
export class DeploymentController {
  constructor(private readonly log: DeploymentLog) {}

  @OnEvent(ReleaseDeploymentCompleted)
  async onCompleted(@Payload() event: EventOf<typeof ReleaseDeploymentCompleted>): Promise<void> {
    await this.log.record(event);
  }
}

@Module({})
export class MyTeamModule {
  static forRoot(log: DeploymentLog): DynamicModule {
    return { module: MyTeamModule, controllers: [DeploymentController], providers: [{ provide: DeploymentLog, useValue: log }] };
  }
}

export async function startMyTeamConsumer(bus: Bus, log: DeploymentLog): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(MyTeamModule.forRoot(log), {
    strategy: new BusTransport({ bus, service: myTeamSubscription.name }),
  });
  await app.listen();
  return app;
}
