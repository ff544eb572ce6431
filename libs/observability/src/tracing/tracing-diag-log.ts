import { ROOT_CONTEXT, context, type DiagLogger } from '@opentelemetry/api';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../logging/create-logger';

type Env = Record<string, string | undefined>;
type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface TracingDiagLogOptions {
  /** `service` of every line. */
  service: string;
  /** Its secret variables, the OTLP header values and endpoint user info are scrubbed from every line. */
  env: Env;
  /** Where spans go (without credentials), written on every line so the operator knows which collector. */
  shownUrl?: string;
  /** Where lines go: stderr by default. */
  destination?: DestinationStream;
  /** A problem already written is written again at most this often, with how often it recurred; 60 s by default. */
  intervalMs?: number;
  now?: () => number;
}

interface Recurrence {
  writtenAt: number;
  level: Level;
  text: string;
  unwritten: number;
}

const MAX_TRACKED_PROBLEMS = 50;
const MAX_TEXT = 1_000;

/**
 * The OpenTelemetry SDK's diagnostics (`diag`), as one JSON line each on stderr. Without a diag logger
 * the SDK drops spans it cannot export without a word. A dead collector fails every export, so each
 * distinct problem is written the first time, then at most once per interval with the number of
 * times it happened since; `flush()` (at shutdown) writes the counts not yet written.
 */
export class TracingDiagLog implements DiagLogger {
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly problems = new Map<string, Recurrence>();

  constructor(private readonly options: TracingDiagLogOptions) {
    this.logger = createLogger({
      service: options.service,
      env: options.env,
      // diag filters by OTEL_LOG_LEVEL before a call reaches this logger.
      level: 'trace',
      destination: options.destination ?? { write: (line: string) => process.stderr.write(line) },
    });
    this.intervalMs = options.intervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  error = (message: string, ...args: unknown[]): void => this.record('error', message, args);
  warn = (message: string, ...args: unknown[]): void => this.record('warn', message, args);
  info = (message: string, ...args: unknown[]): void => this.record('info', message, args);
  debug = (message: string, ...args: unknown[]): void => this.record('debug', message, args);
  verbose = (message: string, ...args: unknown[]): void => this.record('trace', message, args);

  /** Writes, for every problem that recurred since its last line, how many times it did. */
  flush(): void {
    for (const problem of this.problems.values()) {
      if (problem.unwritten > 0) this.write(problem, this.now());
    }
  }

  private record(level: Level, message: string, args: unknown[]): void {
    const text = describe(level, message, args).slice(0, MAX_TEXT);
    // Numbers vary between occurrences of one problem ("Dropped 12 spans …", ports aside).
    const distinct = `${level} ${text.replace(/\d+/g, '#')}`;
    // Past the limit, new problems share one entry per level (bounded memory, still no flood), so
    // that chatty debug lines can neither hide an export error nor lend it their level.
    const key = this.problems.has(distinct) || this.problems.size < MAX_TRACKED_PROBLEMS ? distinct : `${level} (other)`;
    const now = this.now();
    const known = this.problems.get(key);
    if (!known) {
      this.problems.set(key, { writtenAt: now, level, text, unwritten: 0 });
      this.line(level, { tracesUrl: this.options.shownUrl }, text);
      return;
    }
    known.unwritten++;
    known.text = text;
    if (now - known.writtenAt >= this.intervalMs) this.write(known, now);
  }

  /**
   * Outside any span: the SDK exports in whatever context its batch timer was started in (the span
   * that first filled the batch), so the logger's trace fields would tie an export failure of many
   * traces to one unrelated hook's trace_id.
   */
  private line(level: Level, fields: Record<string, unknown>, text: string): void {
    context.with(ROOT_CONTEXT, () => this.logger[level](fields, text));
  }

  private write(problem: Recurrence, now: number): void {
    const seconds = Math.round((now - problem.writtenAt) / 1000);
    this.line(problem.level, { tracesUrl: this.options.shownUrl, repeated: problem.unwritten, repeatedWithinSeconds: seconds }, problem.text);
    problem.unwritten = 0;
    problem.writtenAt = now;
  }
}

/**
 * The text of one diag call. An export that failed reaches diag through the SDK's global error
 * handler as the error flattened to JSON (stack included); its message is what the operator needs.
 */
function describe(level: Level, message: string, args: unknown[]): string {
  const error = level === 'error' && args.length === 0 ? flattenedErrorMessage(message) : undefined;
  return error !== undefined ? `spans were not exported and are dropped: ${error}` : [message, ...args.map(argText)].join(' ');
}

function flattenedErrorMessage(message: string): string | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(message) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

function argText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}
