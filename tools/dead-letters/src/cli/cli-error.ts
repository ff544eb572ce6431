/** A failure the CLI reports as one line on stderr; `usage` ones exit 2, the others 1. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly usage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
