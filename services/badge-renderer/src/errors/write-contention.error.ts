/** Other writers kept changing a blob between our read and our write; the message is retried later. */
export class WriteContentionError extends Error {
  readonly code = 'BLOB_WRITE_CONTENTION';
  override readonly name = 'WriteContentionError';

  constructor(
    readonly path: string,
    attempts: number,
  ) {
    super(`"${path}" changed under ${attempts} conditional writes in a row; the event will be retried`);
  }
}
