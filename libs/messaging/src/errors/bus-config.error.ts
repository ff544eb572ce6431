/** Configuration that cannot work; names the variable (or option) to fix. */
export class BusConfigError extends Error {
  readonly code = 'MESSAGING.CONFIG_INVALID';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'BusConfigError';
  }
}
