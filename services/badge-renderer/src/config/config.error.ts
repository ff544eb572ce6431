/** A configuration variable is missing or malformed; thrown at start-up, naming the variable. */
export class BadgeRendererConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override readonly name = 'BadgeRendererConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}
