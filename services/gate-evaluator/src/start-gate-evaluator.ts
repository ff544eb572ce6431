import type { Bus } from '@switchyard/messaging';
import { createLogger, createMetrics, type Logger } from '@switchyard/observability';
import { startConsumerApp, type ServiceHealth } from '@switchyard/service-host';
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
  /** Its readiness and metrics, which the all-in-one serves on the ingress' port. */
  health: ServiceHealth;
  close(): Promise<void>;
}

/**
 * Builds the gate evaluator on `bus`: consumes checks/gate-evaluator (CheckRequested,
 * CheckReevaluationDue). Config comes from `env`; an invalid one rejects naming the variable.
 */
export async function startGateEvaluator(options: StartGateEvaluatorOptions): Promise<RunningGateEvaluator> {
  const env = options.env ?? process.env;
  const config = loadGateEvaluatorConfig(env);
  const logger = options.logger ?? createLogger({ service: 'gate-evaluator', level: config.logLevel, env });
  for (const warning of config.warnings) logger.warn(warning);
  if (config.policies.names.length === 0) {
    const source = config.policies.source;
    logger.warn(
      source === undefined
        ? 'GATE_POLICIES_FILE is not set: no gate policies, every check call is refused by the ingress'
        : `GATE_POLICIES_FILE=${source} defines no policies: every check call is refused by the ingress`,
    );
  }
  const metrics = createMetrics('gate-evaluator');

  // CheckDecided also goes to Event Grid when EVENTGRID_ENDPOINT is set (after the bus accepted it).
  const app = await startConsumerApp({
    service: 'gate-evaluator',
    bus: options.bus,
    env,
    logger,
    metrics,
    concurrency: config.concurrency,
    port: options.port,
    module: (bus) => GateEvaluatorModule.forRoot({ bus, config, logger, metrics, clock: options.clock ?? (() => new Date()) }),
  });
  const url = app.url;
  // The ids of the keys that open sealed AuthTokens, as a GATES.TOKEN_UNREADABLE dead letter names its key.
  const keys = config.tokenKeys;
  const tokenKeyIds = keys && { current: keys.current.id, previous: keys.previous.map((key) => key.id) };
  logger.info({ policies: config.policies.names, url, ...(tokenKeyIds && { tokenKeyIds }) }, 'gate evaluator started');
  return { name: 'gate-evaluator', ...(url !== undefined && { url }), config, health: app.health, close: app.close };
}
