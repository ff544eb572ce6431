/** A configuration variable is missing or malformed; the message names it and says what to set. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}
