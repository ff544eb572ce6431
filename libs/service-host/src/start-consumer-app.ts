import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusTransport, createBusMetrics, logSettlements, type Bus, type SettlementObserver } from '@switchyard/messaging';
import { PinoNestLogger, type Logger, type ServiceMetrics } from '@switchyard/observability';
import { listenHttp } from './listen-http';
import { withOutcomesToEventGrid } from './outcomes-to-event-grid';
import { serviceHealthOf, type ServiceHealth } from './service-health';

export interface ConsumerAppOptions {
  /** The service name: its subscriptions are the ones named after it. */
  service: string;
  bus: Bus;
  env: Record<string, string | undefined>;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Messages handled at once per subscription. */
  concurrency: number;
  /** Serve /healthz, /readyz and /metrics on this port (0 = any free port); no HTTP server when omitted. */
  port?: number;
  /** Address to listen on; default: the HOST variable of `env`, else 0.0.0.0. */
  host?: string;
  /** The service's root module, built on a bus whose publisher also feeds Event Grid with outcome events. */
  module: (bus: Bus) => DynamicModule;
}

export interface ConsumerApp {
  url?: string;
  /** Its readiness and metrics, also when it serves no HTTP (the all-in-one serves them on the ingress' port). */
  health: ServiceHealth;
  /** Stops receiving, drains handlers in flight, closes HTTP and flushes Event Grid. */
  close(): Promise<void>;
}

/**
 * Starts a consumer service: its Nest module as an HTTP app (health, metrics) plus the bus transport
 * that feeds its @OnEvent handlers, settled by outcome and counted in the service's metrics.
 */
export async function startConsumerApp(options: ConsumerAppOptions): Promise<ConsumerApp> {
  const { service, bus, logger, metrics } = options;
  const outcomes = withOutcomesToEventGrid(bus, options.env, { registry: metrics.registry, logger });
  const nestLevel = logger.isLevelEnabled('warn') ? 'warn' : logger.level;
  const app = await NestFactory.create<NestFastifyApplication>(options.module(outcomes.bus), new FastifyAdapter(), {
    logger: new PinoNestLogger(logger.child({ component: 'nest' }, { level: nestLevel })),
    abortOnError: false,
  });
  const count = createBusMetrics(metrics.registry);
  const log = logSettlements(logger);
  const onSettled: SettlementObserver = (outcome) => {
    count(outcome);
    log(outcome);
  };
  const transport = new BusTransport({ bus, service, concurrency: options.concurrency, onSettled });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  const close = async () => {
    await app.close();
    await outcomes.close();
  };
  try {
    await app.startAllMicroservices();
    if (options.port === undefined) {
      await app.init();
      return { health: serviceHealthOf(app, metrics), close };
    }
    const host = options.host ?? (options.env['HOST']?.trim() || '0.0.0.0');
    const url = await listenHttp(app, options.port, host);
    return { url, health: serviceHealthOf(app, metrics), close };
  } catch (error) {
    await close();
    throw error;
  }
}
