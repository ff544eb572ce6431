/** A sealed AuthToken cannot be opened: wrong or rotated-away key, or tampered ciphertext. Never carries the token. */
export class GateTokenError extends Error {
  readonly code = 'GATES.TOKEN_UNREADABLE';

  constructor(message: string) {
    super(message);
    this.name = 'GateTokenError';
  }
}
