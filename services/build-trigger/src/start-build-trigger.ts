import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AzureDevOpsClient } from '@switchyard/azure-devops';
import { BusTransport, createBusMetrics, type Bus } from '@switchyard/messaging';
import { withOutcomesToEventGrid } from '@switchyard/service-host';
import { createLogger, createMetrics, PinoNestLogger, type Logger } from '@switchyard/observability';
import { BuildTriggerModule } from './build-trigger.module';
import { lockBudget } from './queue-build/lock-budget';
import { loadBuildTriggerConfig, serviceName, type BuildTriggerConfig } from './config/build-trigger-config';

export interface StartBuildTriggerOptions {
  bus: Bus;
  env?: Record<string, string | undefined>;
  /** Serve /healthz, /readyz and /metrics on this port (0 = any free port); no HTTP server when omitted. */
  port?: number;
  /** Fail when TRIGGER_RULES_FILE is not set (main.ts); the local all-in-one run allows running without rules. */
  requireRules?: boolean;
  /** Overrides the logger built from LOG_LEVEL (tests capture lines through it). */
  logger?: Logger;
}

export interface RunningBuildTrigger {
  name: string;
  url?: string;
  config: BuildTriggerConfig;
  close(): Promise<void>;
}

/**
 * Validates the configuration and rules (throwing before anything starts when they are wrong),
 * then consumes pull-request and due events on `bus` and serves health and metrics over HTTP.
 */
export async function startBuildTrigger(options: StartBuildTriggerOptions): Promise<RunningBuildTrigger> {
  const env = options.env ?? process.env;
  const config = loadBuildTriggerConfig(env, { requireRules: options.requireRules });
  const logger = options.logger ?? createLogger({ service: serviceName, level: config.logLevel, secrets: [...config.tokens.values()] });
  const metrics = createMetrics(serviceName);
  for (const warning of config.warnings) logger.warn(warning);
  const client = createClient(config);
  const outcomes = withOutcomesToEventGrid(options.bus, env, { registry: metrics.registry, logger });

  const app = await NestFactory.create<NestFastifyApplication>(
    BuildTriggerModule.forRoot({ bus: outcomes.bus, config, client, logger, metrics }),
    new FastifyAdapter(),
    { logger: new PinoNestLogger(logger.child({ component: 'nest' }, { level: 'warn' })), abortOnError: false },
  );
  app.connectMicroservice(
    {
      strategy: new BusTransport({
        bus: options.bus,
        service: serviceName,
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
      await app.listen(options.port, config.host);
      const address = app.getHttpServer().address();
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : options.port}`;
    }
  } catch (error) {
    await app.close();
    await outcomes.close();
    throw error;
  }
  logger.info({ url, rules: config.rules.rules.map((rule) => rule.name), rulesFile: config.rules.file }, 'build-trigger started');
  const close = async () => {
    await app.close();
    await outcomes.close();
  };
  return { name: serviceName, ...(url !== undefined && { url }), config, close };
}

// Each Azure DevOps request, retries included, must end well inside the due message's lock.
function createClient(config: BuildTriggerConfig): AzureDevOpsClient {
  const azureDevOps = config.azureDevOps;
  if (!azureDevOps) return new AzureDevOpsClient({ allowedOrgUrls: [] });
  return AzureDevOpsClient.fromConfig(azureDevOps, {
    userAgent: 'switchyard-build-trigger',
    timeoutMs: Math.min(azureDevOps.timeoutMs, lockBudget.requestBudgetMs),
    retry: { ...azureDevOps.retry, maxElapsedMs: Math.min(azureDevOps.retry.maxElapsedMs, lockBudget.requestBudgetMs) },
  });
}
