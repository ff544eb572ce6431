/** Blob storage could not be reached or refused a request for a transient reason; retrying may help. */
export class BlobUnavailableError extends Error {
  readonly code = 'BLOB_UNAVAILABLE';
  override readonly name = 'BlobUnavailableError';

  constructor(
    readonly operation: string,
    readonly path: string,
    detail: string,
  ) {
    super(`Blob storage ${operation} of "${path}" failed: ${detail}`);
  }
}
