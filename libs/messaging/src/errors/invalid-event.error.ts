/** An event that cannot be published: unknown type, or an envelope its contract refuses. */
export class InvalidEventError extends Error {
  constructor(
    readonly code: 'MESSAGING.UNKNOWN_EVENT_TYPE' | 'MESSAGING.INVALID_EVENT',
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'InvalidEventError';
  }
}
