/** What a conditional write needs to know about the blob as it is now. */
export interface BlobVersion {
  etag: string;
  metadata: Record<string, string>;
}

export interface StoredBlobContent extends BlobVersion {
  body: Buffer;
}

export interface BlobWrite {
  body: string | Buffer;
  contentType: string;
  maxAgeSeconds: number;
  /** Small ASCII values only (ordering facts); Blob storage lower-cases the keys. */
  metadata: Record<string, string>;
  /** `ifMatch`: replace exactly this version; `ifNoneMatch: '*'`: create only if absent. */
  condition: { ifMatch: string } | { ifNoneMatch: '*' } | 'unconditional';
}

/** A landed write carries the blob's new ETag; a failed condition carries nothing. */
export type WriteResult = { written: true; etag: string } | { written: false };

/**
 * Blob storage as the badge renderer uses it. Implementations throw BlobUnavailableError for
 * anything transient (the message is then retried), BlobContainerMissingError when the container is
 * gone (re-created, then retried), BlobRequestRejectedError for a request storage refuses as invalid
 * (dead-lettered), and answer `{ written: false }` when a condition failed.
 */
export abstract class BadgeStore {
  abstract ensureContainer(): Promise<void>;
  abstract properties(path: string): Promise<BlobVersion | undefined>;
  abstract read(path: string): Promise<StoredBlobContent | undefined>;
  abstract write(path: string, blob: BlobWrite): Promise<WriteResult>;
  /** Public URL of a blob (what badges' Markdown points to). */
  abstract urlOf(path: string): string;
}
