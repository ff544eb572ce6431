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

/**
 * Blob storage as the badge renderer uses it. Implementations throw BlobUnavailableError for
 * anything transient (the message is then retried) and answer 'conflict' when a condition failed.
 */
export abstract class BadgeStore {
  abstract ensureContainer(): Promise<void>;
  abstract properties(path: string): Promise<BlobVersion | undefined>;
  abstract read(path: string): Promise<StoredBlobContent | undefined>;
  abstract write(path: string, blob: BlobWrite): Promise<'written' | 'conflict'>;
  /** Public URL of a blob (what badges' Markdown points to). */
  abstract urlOf(path: string): string;
}
