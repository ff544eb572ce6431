import { Module, type DynamicModule } from '@nestjs/common';
import type { Bus } from './bus/bus.port';
import { BUS } from './messaging.di-tokens';
import { EventPublisher } from './publisher/event-publisher';

/** Provides the bus (token BUS) and its EventPublisher (token EventPublisher) to the whole app. */
@Module({})
export class MessagingModule {
  static forRoot(options: { bus: Bus }): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: BUS, useValue: options.bus },
        { provide: EventPublisher, useValue: options.bus.publisher },
      ],
      exports: [BUS, EventPublisher],
    };
  }
}
