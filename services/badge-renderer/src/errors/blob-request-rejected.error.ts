/** What to change for the storage error codes a badge write can meet; anything else gets the generic hint. */
const HINTS: Record<string, string> = {
  OutOfRangeInput: 'a name is longer than Blob storage allows (a blob name has at most 1,024 characters, a container name 3-63)',
  InvalidResourceName: 'the container or blob name breaks the naming rules (check BADGE_CONTAINER)',
  InvalidUri: 'the container or blob name cannot be used in a URL (check BADGE_CONTAINER)',
  RequestBodyTooLarge: 'the blob is larger than one upload may be',
  InvalidMetadata: 'its metadata is not accepted',
  MetadataTooLarge: 'its metadata is larger than the 8 KiB a blob may carry',
  InvalidHeaderValue: 'a request header is not accepted; does the storage endpoint support this API version?',
  UnsupportedHeader: 'a request header is not supported; does the storage endpoint support this API version?',
};

/**
 * Blob storage refused a request as invalid (a 4xx other than authorization, throttling, timeout,
 * a missing blob or a failed condition). A retry would send the same request and meet the same
 * answer, so the event is dead-lettered with this message, which names the blob and what to change.
 */
export class BlobRequestRejectedError extends Error {
  readonly code = 'BLOB_REQUEST_REJECTED';
  override readonly name = 'BlobRequestRejectedError';

  constructor(
    readonly operation: string,
    readonly path: string,
    readonly status: number,
    readonly storageCode: string | undefined,
  ) {
    const hint = (storageCode && HINTS[storageCode]) ?? 'the request is not valid for this storage account or emulator';
    super(`Blob storage refused ${operation} of "${path}" with ${status} ${storageCode ?? 'without an error code'}: ${hint}; retrying cannot help`);
  }
}
