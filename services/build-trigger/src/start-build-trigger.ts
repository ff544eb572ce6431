import { AzureDevOpsClient, withinRequestBudget } from '@switchyard/azure-devops';
import type { Bus } from '@switchyard/messaging';
import { createLogger, createMetrics, type Logger } from '@switchyard/observability';
import { startConsumerApp, type ServiceHealth } from '@switchyard/service-host';
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
  /** Its readiness and metrics, which the all-in-one serves on the ingress' port. */
  health: ServiceHealth;
  close(): Promise<void>;
}

/**
 * Validates the configuration and rules (throwing before anything starts when they are wrong),
 * then consumes pull-request and due events on `bus` and serves health and metrics over HTTP.
 */
export async function startBuildTrigger(options: StartBuildTriggerOptions): Promise<RunningBuildTrigger> {
  const env = options.env ?? process.env;
  const config = loadBuildTriggerConfig(env, { requireRules: options.requireRules });
  const logger = options.logger ?? createLogger({ service: serviceName, level: config.logLevel, env, secrets: [...config.tokens.values()] });
  const metrics = createMetrics(serviceName);
  for (const warning of config.warnings) logger.warn(warning);
  const client = createClient(config);
  const app = await startConsumerApp({
    service: serviceName,
    bus: options.bus,
    env,
    logger,
    metrics,
    concurrency: config.concurrency,
    port: options.port,
    module: (bus) => BuildTriggerModule.forRoot({ bus, config, client, logger, metrics }),
  });
  const url = app.url;
  logger.info({ url, rules: config.rules.rules.map((rule) => rule.name), rulesFile: config.rules.file }, 'build-trigger started');
  return { name: serviceName, ...(url !== undefined && { url }), config, health: app.health, close: app.close };
}

// Each Azure DevOps request, retries included, must end well inside the due message's lock.
function createClient(config: BuildTriggerConfig): AzureDevOpsClient {
  const azureDevOps = config.azureDevOps;
  if (!azureDevOps) return new AzureDevOpsClient({ allowedOrgUrls: [] });
  return AzureDevOpsClient.fromConfig(withinRequestBudget(azureDevOps, lockBudget.requestBudgetMs), { userAgent: 'switchyard-build-trigger' });
}
