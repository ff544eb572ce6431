/* eslint-disable @nx/enforce-module-boundaries -- imports the package as a consumer does, so that
   docs/messaging.md ("Writing a consumer") shows this file from its first import on, verbatim. */
import { Controller, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { BadgeRendered, createEvent, ReleaseDeploymentCompleted, type BadgeRenderedData, type EventOf } from '@switchyard/contracts';
import { BusTransport, createBusMetrics, EventPublisher, MessagingModule, OnEvent, PermanentError, type Bus } from '@switchyard/messaging';
import type { Registry } from 'prom-client';

/** Renders and uploads a badge; a throw is a transient failure. */
export abstract class BadgeStore {
  abstract knows(project: string): boolean;
  abstract render(event: EventOf<typeof ReleaseDeploymentCompleted>): Promise<Omit<BadgeRenderedData, 'sourceEventId'>>;
}

@Controller()
export class ReleaseBadgeController {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly badges: BadgeStore,
  ) {}

  @OnEvent(ReleaseDeploymentCompleted)
  async render(@Payload() event: EventOf<typeof ReleaseDeploymentCompleted>): Promise<void> {
    const project = event.data.project.name ?? '';
    if (!this.badges.knows(project)) throw new PermanentError('BADGE.UNKNOWN_PROJECT', `Add "${project}" to BADGE_PROJECTS`);
    const badge = await this.badges.render(event); // a throw here → abandon → delivered again
    await this.publisher.publish(
      createEvent(BadgeRendered, { source: 'urn:example:badges', correlationId: event.correlationId, data: { ...badge, sourceEventId: event.id } }),
    );
  }
}

@Module({})
export class AppModule {
  static forRoot(bus: Bus, badges: BadgeStore): DynamicModule {
    return {
      module: AppModule,
      imports: [MessagingModule.forRoot({ bus })], // EventPublisher, and the Bus as @Inject(BUS)
      controllers: [ReleaseBadgeController],
      providers: [{ provide: BadgeStore, useValue: badges }],
    };
  }
}

export async function startReleaseBadges(bus: Bus, badges: BadgeStore, registry: Registry): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(AppModule.forRoot(bus, badges), {
    // createBusMetrics(registry) counts handler duration and settled outcomes by type for /metrics.
    strategy: new BusTransport({ bus, service: 'badge-renderer', concurrency: 4, onSettled: createBusMetrics(registry) }),
  });
  await app.listen(); // app.close() stops receiving and drains handlers in flight
  return app;
}
