/**
 * The badge container is gone (deleted by hand or by a clean-up). Transient: the renderer re-creates
 * it (with an empty index and the gallery) and the event is retried.
 */
export class BlobContainerMissingError extends Error {
  readonly code = 'BLOB_CONTAINER_MISSING';
  override readonly name = 'BlobContainerMissingError';

  constructor(
    readonly container: string,
    readonly operation: string,
    readonly path: string,
  ) {
    super(
      `Blob container "${container}" is missing (${operation} of "${path}" answered ContainerNotFound); ` +
        'the renderer re-creates it with an empty index and the gallery, and the event is retried',
    );
  }
}
