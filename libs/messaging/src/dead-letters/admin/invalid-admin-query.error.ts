/** An admin query parameter the route does not know, or a value it does not take. */
export class InvalidAdminQueryError extends Error {
  readonly code = 'MESSAGING.INVALID_QUERY';

  constructor(
    /** The query parameter that is wrong, as it was sent. */
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidAdminQueryError';
  }
}
