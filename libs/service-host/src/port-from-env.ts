import { readInteger } from '@switchyard/env-config';

/** A malformed PORT: thrown at start-up, naming the variable. */
export class PortConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override readonly name = 'PortConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

/** The HTTP port a service runs on alone (health, metrics; the ingress API): PORT, default 8080. */
export function portFromEnv(env: Record<string, string | undefined>): number {
  return readInteger(env, 'PORT', { fallback: 8080, min: 0, max: 65535 }, (variable, problem) => new PortConfigError(variable, problem));
}
