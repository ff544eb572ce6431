/** A dead-letter page request with a limit or cursor the queue cannot serve. */
export class InvalidDeadLetterPageError extends Error {
  readonly code = 'MESSAGING.INVALID_PAGE';

  constructor(
    /** The option (and admin query parameter) that is wrong. */
    readonly parameter: 'limit' | 'after',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidDeadLetterPageError';
  }
}
