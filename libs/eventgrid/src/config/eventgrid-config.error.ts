/** Thrown at start-up when an EVENTGRID_* variable is malformed; names the variable and what to fix. */
export class EventGridConfigError extends Error {
  readonly code = 'EVENTGRID.CONFIG_INVALID';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'EventGridConfigError';
  }
}
