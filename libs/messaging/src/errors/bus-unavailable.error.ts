/** The bus did not accept a message (closed, unreachable, refused or timed out): the caller should retry or fail. */
export class BusUnavailableError extends Error {
  readonly code = 'MESSAGING.BUS_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusUnavailableError';
  }
}
