import { busOptionsFromEnv, createBus, type Bus, type BusOptionsDefaults } from '@switchyard/messaging';
import { createLogger, initTracing, scrubText, secretsFromEnv, type Logger, type Tracing } from '@switchyard/observability';
import { closeInOrder } from './close-in-order';
import { explainListenFailure } from './listen-failure';

/** What a service's start function hands back: something that drains and stops it. */
export interface RunningService {
  close(): Promise<void>;
}

export interface ServiceProcess {
  /** Closes the service, then the bus, then flushes traces. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Runs one service as its own process (its `main.ts`): tracing first (so every later module is
 * instrumented), the bus from BUS / SERVICEBUS_* variables, then the service; SIGTERM and SIGINT
 * drain it and exit 0. A start-up failure (bad configuration, including OTEL_* and HOST / PORT)
 * exits 1 with the reason on stderr. `busDefaults` says what the environment does not, such as the
 * topics a publishing service must reach before it is ready (`publishesTo`).
 */
export async function runServiceMain(
  service: string,
  start: (bus: Bus) => Promise<RunningService>,
  env: NodeJS.ProcessEnv = process.env,
  busDefaults: BusOptionsDefaults = {},
): Promise<ServiceProcess> {
  let tracing: Tracing | undefined;
  let bus: Bus | undefined;
  let running: RunningService | undefined;
  // Every step runs even when one fails: a trace collector that cannot be reached must not keep the
  // bus open, and a service that failed to close must not keep its traces unflushed.
  const stop = once(() =>
    closeInOrder([
      () => running?.close(),
      () => bus?.close(),
      () => tracing?.shutdown().catch((error: unknown) => warn(service, 'could not flush its traces', error, env)),
    ]),
  );
  // Listen before starting: a signal that arrives during start-up stops the service once it is up.
  let stopRequested = false;
  const exit = () => {
    stopRequested = true;
    if (!running) return;
    void stop().then(
      () => process.exit(0),
      (error: unknown) => {
        warn(service, 'did not stop cleanly', error, env);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', exit);
  process.once('SIGINT', exit);
  // The lines of the start-up itself: where spans go, a bus no other service shares, why it failed.
  const startLog = createLogger({ service, env });
  try {
    // Inside the try: a malformed OTEL_* variable is bad configuration like any other, not a crash.
    tracing = initTracing({ service, env });
    startLog.info(tracing.summary);
    const busOptions = busOptionsFromEnv(env, busDefaults);
    if (busOptions.backend === 'embedded') warnAlone(startLog, service, env);
    bus = createBus(busOptions);
    running = await start(bus);
  } catch (error) {
    // The start-up error is what the operator must see, whatever closing the half-started parts says.
    await stop().catch(() => undefined);
    failStart(startLog, service, explainListenFailure(error, env) ?? error, env);
  }
  if (stopRequested) exit();
  return { stop };
}

function failStart(log: Logger, service: string, error: unknown, env: Record<string, string | undefined>): never {
  const message = error instanceof Error ? error.message : String(error);
  // A start-up error (a client's, say) may quote a secret of the environment.
  const secrets = secretsFromEnv(env);
  log.fatal({ err: error }, `${service} failed to start`);
  // Configuration errors list what to fix, one problem a line: print them readable for the operator,
  // scrubbed like the log line (a value quoted in a config error may carry a key).
  process.stderr.write(`${service} failed to start: ${scrubText(message, secrets)}\n`);
  process.exit(1);
}

/** A service run alone on the embedded bus starts, is ready, and never hears from the others: say so. */
function warnAlone(log: Logger, service: string, env: Record<string, string | undefined>): void {
  const why = env['BUS']?.trim() ? 'BUS=embedded' : 'BUS is not set, so the bus is embedded';
  log.warn(
    `${why}: an in-process bus, so ${service} exchanges events only within this process, not with the other services. ` +
      'To run it with them, set BUS=servicebus and SERVICEBUS_FQDN (or SERVICEBUS_CONNECTION_STRING); to run every service in one process, use npm start.',
  );
}

function warn(service: string, what: string, error: unknown, env: Record<string, string | undefined>): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${service} ${what}: ${scrubText(message, secretsFromEnv(env))}\n`);
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}
