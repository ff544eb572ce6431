import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecrets, scrubText } from './secret-redaction';
import type { LogLevel } from './log-level';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Written as `service` on every line. */
  service: string;
  level?: LogLevel | string;
  /** Secret values known to the service (e.g. hook keys); replaced wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go; stdout (asynchronous) by default; tests pass a stream to read them back. */
  destination?: DestinationStream;
}

// Very short "secrets" would blank out ordinary words, so they are only caught by field name.
const MIN_KNOWN_SECRET_LENGTH = 6;

/**
 * A pino JSON logger whose every line is stripped of secrets: secret-named fields (authorization,
 * x-hook-key, AuthToken, password, token, …), `code=` query parameters, Basic/Bearer credentials,
 * connection-string keys and any of the `secrets` values given.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= MIN_KNOWN_SECRET_LENGTH);
  const redact = <T>(value: T): T => redactSecrets(value, secrets);
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redact(bindings),
        log: (object) => redact(object),
      },
      serializers: {
        err: (error: Error) => redact(pino.stdSerializers.err(error)),
        error: (error: unknown) => (error instanceof Error ? redact(pino.stdSerializers.err(error)) : redact(error)),
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg, secrets) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? batchedStdout(),
  );
  return redactingChildren(logger, redact);
}

const FLUSH_EVERY_MS = 250;

// stdout in batches of up to 4 KiB, flushed at least every 250 ms: one write syscall per line costs
// more CPU under load than building the line. pino flushes the rest synchronously when the process exits.
function batchedStdout(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    // flush() throws while the stream is still opening or already closed; the next tick retries.
    try {
      destination.flush();
    } catch {
      /* not ready or closed */
    }
  }, FLUSH_EVERY_MS);
  timer.unref();
  destination.on('close', () => clearInterval(timer));
  return destination;
}

// pino applies `formatters.bindings` to the root bindings only, so child bindings are redacted here.
function redactingChildren(logger: Logger, redact: <T>(value: T) => T): Logger {
  const child = logger.child.bind(logger);
  const redactingChild = (bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions): Logger =>
    redactingChildren(child(redact(bindings), childOptions) as Logger, redact);
  logger.child = redactingChild as unknown as Logger['child'];
  return logger;
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
