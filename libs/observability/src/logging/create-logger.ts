import pino, { type DestinationStream, type Logger } from 'pino';
import { batchedStdout } from './batched-destination';
import { isFreeOfSecrets } from './free-of-secrets';
import { isoTime } from './iso-time';
import { traceLogFields } from '../tracing/trace-log-fields';
import { redactSecrets, scrubText } from './secret-redaction';
import { MIN_KNOWN_SECRET_LENGTH, secretsFromEnv } from './secrets-from-env';
import type { LogLevel } from './log-level';

export type { Logger } from 'pino';
export { BatchedDestination } from './batched-destination';

export interface CreateLoggerOptions {
  /** Written as `service` on every line. */
  service: string;
  level?: LogLevel | string;
  /** Secret values known to the service beyond those of `env` (e.g. tokens a rules file names); replaced wherever they appear. */
  secrets?: readonly string[];
  /**
   * The service's environment (process.env by default): the values of its secret variables
   * (SECRET_VARIABLES: hook keys, PAT, gate token keys, connection-string keys) are replaced too.
   */
  env?: Record<string, string | undefined>;
  /** Where lines go; stdout (batched) by default; tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * A pino JSON logger whose every line is stripped of secrets: secret-named fields (authorization,
 * x-hook-key, AuthToken, password, token, …), `code=` query parameters, Basic/Bearer credentials,
 * connection-string keys, the secret values of the environment and any of the `secrets` values given.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const known = [...(options.secrets ?? []), ...secretsFromEnv(options.env ?? process.env)];
  const secrets = [...new Set(known)].filter((secret) => secret.length >= MIN_KNOWN_SECRET_LENGTH);
  // Most log objects are a few ids and names: checked where they are, and copied only to redact.
  const redact = <T>(value: T): T => (isFreeOfSecrets(value, secrets) ? value : redactSecrets(value, secrets));
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: isoTime,
      messageKey: 'msg',
      // trace_id and span_id of the active span, when there is one: log lines join the trace they belong to.
      mixin: traceLogFields,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redact(bindings),
        log: (object) => redact(object),
      },
      // formatters.log has already turned errors into redacted plain objects; pino's own err serializer
      // would serialize that copy again (as a plain Object), so these replace it.
      serializers: { err: redact, error: redact },
      hooks: {
        logMethod(args, method) {
          // The message, and the values interpolated into it; a leading object goes through formatters.log.
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i];
            if (typeof arg === 'string') args[i] = scrubText(arg, secrets);
            else if (i > 0 && typeof arg === 'object') args[i] = redact(arg);
          }
          // Without a message pino writes the error's own, after this hook: it is given here, redacted.
          if (args.length === 1) {
            const message = implicitMessage(args[0]);
            if (message !== undefined) (args as unknown[]).push(scrubText(message, secrets));
          }
          return method.apply(this, args);
        },
      },
    },
    options.destination ?? batchedStdout(),
  );
  return redactingChildren(logger, redact);
}

// The message pino takes from a lone error, or from the `err` of a log object without `msg`.
function implicitMessage(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const fields = arg as { msg?: unknown; err?: unknown };
  const error = arg instanceof Error ? arg : fields.msg === undefined ? fields.err : undefined;
  const message: unknown = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

// pino applies `formatters.bindings` to the root bindings only, so child bindings are redacted here.
// pino's own child() is taken once from the root: a child inherits the root's properties, so reading
// `child` from it would find the replacement below and build grandchildren from the root's bindings.
function redactingChildren(root: Logger, redact: <T>(value: T) => T): Logger {
  const pinoChild = root.child as unknown as (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const wrap = (logger: Logger): Logger => {
    const redactingChild = (bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions): Logger =>
      wrap(pinoChild.call(logger, redact(bindings), childOptions));
    logger.child = redactingChild as unknown as Logger['child'];
    return logger;
  };
  return wrap(root);
}

/** A child logger for one event: every line carries its event id, correlation id and type. */
export function loggerForEvent(
  logger: Logger,
  event: { id: string; correlationId?: string; type?: string },
): Logger {
  return logger.child({
    eventId: event.id,
    correlationId: event.correlationId ?? event.id,
    ...(event.type !== undefined && { eventType: event.type }),
  });
}
