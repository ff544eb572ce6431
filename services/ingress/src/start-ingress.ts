import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics } from '@switchyard/contracts';
import type { Bus } from '@switchyard/messaging';
import Fastify from 'fastify';
import { createLogger, createMetrics, PinoNestLogger, registerHttpTracing, type Logger } from '@switchyard/observability';
import { answerHealthFrom, listenHttp, serviceHealthOf, type HealthEndpoints, type ServiceHealth } from '@switchyard/service-host';
import { loadIngressConfig, type IngressConfig } from './config/ingress-config';
import { serveDeadLetterAdmin } from './dead-letter-admin/serve-dead-letter-admin';
import { acceptRawJsonBodies } from './http-body/raw-json-body';
import { IngressModule } from './ingress.module';
import { answerClientErrors } from './problem/client-error-problem';
import { answerHostAndExpectAsProblems } from './problem/host-and-expect';
import { ProblemFilter } from './problem/problem.filter';
import { sendProblem } from './problem/send-problem';
import { HookMetrics } from './receive-service-hook/hook-metrics';
import { refuseRequestsWhileClosing } from './shutdown/refuse-while-closing';

export interface StartIngressOptions {
  bus: Bus;
  env?: Record<string, string | undefined>;
  /** Overrides PORT (0 = any free port). */
  port?: number;
  /** Overrides the logger built from LOG_LEVEL (tests capture lines through it). */
  logger?: Logger;
  /** What GET /readyz and GET /metrics answer instead of the ingress' own: the all-in-one answers for every service there. */
  health?: HealthEndpoints;
  /** How long a request may take to arrive whole before a 408 (30 s); tests shorten it. */
  requestTimeoutMs?: number;
}

/**
 * The topics the ingress publishes to: those of the contracts service hooks are normalized to, and
 * CheckRequested's. On Service Bus their sender links are opened before /readyz answers 200: a new
 * replica that cannot get a token, connect or attach is never ready, and its first check calls do not
 * spend their 2 s on that.
 */
export const INGRESS_TOPICS: readonly string[] = [Topics.releases, Topics.builds, Topics.pullRequests, Topics.serviceHooks, Topics.checks];

/** How long a request (headers and body) may take to arrive whole before it is answered 408. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface RunningIngress {
  name: string;
  url: string;
  config: IngressConfig;
  /** Its own readiness and metrics (the all-in-one adds the other services' to them). */
  health: ServiceHealth;
  close(): Promise<void>;
}

/** Builds the ingress Nest app on `bus` and listens; config comes from `env` (process.env by default). */
export async function startIngress(options: StartIngressOptions): Promise<RunningIngress> {
  const env = options.env ?? process.env;
  const config = loadIngressConfig(env, { port: options.port });
  const logger = options.logger ?? createLogger({ service: 'ingress', level: config.logLevel, env });
  const metrics = createMetrics('ingress');
  const hookMetrics = new HookMetrics(metrics);
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;

  // Our own Fastify instance: when Nest creates it, it installs a custom route-versioning constraint
  // that makes every request about 2.5x as expensive in CPU (measured by bench/), and the ingress
  // does not version routes.
  const fastify = Fastify({
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // Node checks for requests that timed out only every connectionsCheckingInterval (30 s by default),
    // and gives headers their own headersTimeout (60 s): a request that stopped arriving would wait up to
    // 60 s for its 408. The headers get the same deadline as the whole request, checked every second.
    requestTimeout,
    // Node answers a missing Host with an empty 400; answerHostAndExpectAsProblems answers it as a problem.
    http: { headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout), requireHostHeader: false },
    // Requests arriving while closing get our 503 problem (refuseRequestsWhileClosing), not Fastify's bare one.
    return503OnClosing: false,
    // Errors met before routing (a URL that does not decode) are answered as problems too.
    frameworkErrors: (error, request, reply) => sendProblem(error, request, reply, logger),
    // And so are requests Node cannot parse as HTTP at all (headers too large, a broken chunked body).
    clientErrorHandler: answerClientErrors(requestTimeout),
  });
  const adapter = new FastifyAdapter(fastify as unknown as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(
    IngressModule.forRoot({ bus: options.bus, config, env, logger, metrics, hookMetrics }),
    adapter,
    { logger: new PinoNestLogger(logger.child({ component: 'nest' }, { level: 'warn' })), bodyParser: false, abortOnError: false },
  );
  acceptRawJsonBodies(fastify, config.maxBodyBytes);
  answerHostAndExpectAsProblems(fastify, logger);
  registerHttpTracing(fastify, { secrets: config.hookKeys.map((key) => key.secret) });
  refuseRequestsWhileClosing(fastify, logger);
  if (options.health) answerHealthFrom(fastify, options.health);
  // Only on the embedded bus, which lives inside this process: on Service Bus the ingress identity may
  // only send, and the CLI reads the namespace itself with the operator's identity.
  if (options.bus.backend === 'embedded') serveDeadLetterAdmin(fastify, options.bus, config, logger);
  app.useGlobalFilters(new ProblemFilter(logger));

  const url = await listenHttp(app, config.port, config.host);
  // Which keys HOOK_KEY_ORGANIZATIONS binds, and which may post for any organization: a misspelt
  // variable leaves every key unbound, and this line is where that shows.
  const keyNames = config.hookKeys.map((key) => key.name);
  logger.info(
    {
      url,
      keyNames,
      boundKeys: Object.fromEntries(config.hookKeyOrganizations),
      unboundKeys: keyNames.filter((name) => !config.hookKeyOrganizations.has(name)),
    },
    'ingress listening',
  );
  return { name: 'ingress', url, config, health: serviceHealthOf(app, metrics), close: () => app.close() };
}
