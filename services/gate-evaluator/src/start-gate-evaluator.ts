import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusTransport, createBusMetrics, type Bus } from '@switchyard/messaging';
import { withOutcomesToEventGrid } from '@switchyard/service-host';
import { createLogger, createMetrics, PinoNestLogger, type Logger } from '@switchyard/observability';
import { loadGateEvaluatorConfig, type GateEvaluatorConfig } from './config/gate-evaluator-config';
import { GateEvaluatorModule } from './gate-evaluator.module';

export interface StartGateEvaluatorOptions {
  bus: Bus;
  env?: Record<string, string | undefined>;
  /** Serve /healthz, /readyz and /metrics on this port (0 = any free port); no HTTP server when omitted. */
  port?: number;
  /** Overrides the logger built from LOG_LEVEL (tests capture lines through it). */
  logger?: Logger;
  /** The clock evaluations use (tests of time windows and timeouts). */
  clock?: () => Date;
}

export interface RunningGateEvaluator {
  name: string;
  url?: string;
  config: GateEvaluatorConfig;
  close(): Promise<void>;
}

/**
 * Builds the gate evaluator on `bus`: consumes checks/gate-evaluator (CheckRequested,
 * CheckReevaluationDue). Config comes from `env`; an invalid one rejects naming the variable.
 */
export async function startGateEvaluator(options: StartGateEvaluatorOptions): Promise<RunningGateEvaluator> {
  const env = options.env ?? process.env;
  const config = loadGateEvaluatorConfig(env);
  const logger = options.logger ?? createLogger({ service: 'gate-evaluator', level: config.logLevel });
  for (const warning of config.warnings) logger.warn(warning);
  if (config.policies.names.length === 0) logger.warn('GATE_POLICIES_FILE is not set: no gate policies, every check call is refused by the ingress');
  const metrics = createMetrics('gate-evaluator');

  // CheckDecided also goes to Event Grid when EVENTGRID_ENDPOINT is set (after the bus accepted it).
  const outcomes = withOutcomesToEventGrid(options.bus, env, { registry: metrics.registry, logger });

  const app = await NestFactory.create<NestFastifyApplication>(
    GateEvaluatorModule.forRoot({ bus: outcomes.bus, config, logger, metrics, clock: options.clock ?? (() => new Date()) }),
    new FastifyAdapter(),
    { logger: new PinoNestLogger(logger.child({ component: 'nest' }, { level: 'warn' })), abortOnError: false },
  );
  app.connectMicroservice(
    {
      strategy: new BusTransport({
        bus: options.bus,
        service: 'gate-evaluator',
        concurrency: config.concurrency,
        onSettled: createBusMetrics(metrics.registry),
      }),
    },
    { inheritAppConfig: true },
  );
  let url: string | undefined;
  try {
    await app.startAllMicroservices();
    if (options.port === undefined) await app.init();
    else {
      await app.listen(options.port, env['HOST']?.trim() || '0.0.0.0');
      const address = app.getHttpServer().address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
    }
  } catch (error) {
    await app.close();
    await outcomes.close();
    throw error;
  }
  logger.info({ policies: config.policies.names, url }, 'gate evaluator started');
  const close = async () => {
    await app.close();
    await outcomes.close();
  };
  return { name: 'gate-evaluator', ...(url !== undefined && { url }), config, close };
}
