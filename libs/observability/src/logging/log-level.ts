const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof levels)[number];

/** Thrown at start-up when LOG_LEVEL is not one of the pino levels. */
export class InvalidLogLevelError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly variable: string, value: string) {
    super(`${variable}="${value}" is not a log level; use one of ${levels.join(', ')}`);
    this.name = 'InvalidLogLevelError';
  }
}

/** Reads `LOG_LEVEL` (default `info`), failing with the variable's name when it is not a pino level. */
export function logLevelFromEnv(env: Record<string, string | undefined>, variable = 'LOG_LEVEL'): LogLevel {
  const value = env[variable]?.trim().toLowerCase();
  if (!value) return 'info';
  if (!(levels as readonly string[]).includes(value)) throw new InvalidLogLevelError(variable, value);
  return value as LogLevel;
}
