import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { BadgeStore, type BlobVersion, type BlobWrite, type StoredBlobContent, type WriteResult } from './badge-store.port';
import { isContainerMissing, statusOf, storageFailure } from './storage-failure';
import type { StorageOrigin } from './storage-origin';
import { StorageDeadlineError } from './storage-deadline.error';

/**
 * The longest one storage operation may take, the SDK's own retries included. Its `tryTimeoutInMs`
 * is only a server-side timeout: against an endpoint that takes the connection and never answers, a
 * request would wait for ever, holding start-up, readiness or a handler past its message lock.
 */
export const STORAGE_OPERATION_TIMEOUT_MS = 15_000;

/**
 * Badges in one Blob container, publicly readable, written with ETag conditions. Failures are
 * classified by storageFailure: container missing, request rejected as invalid, or unavailable.
 */
export class AzureBlobBadgeStore extends BadgeStore {
  // Building a blob client builds its whole request pipeline (a large share of the CPU per request),
  // and the same badges are written again and again, so clients are kept (LRU).
  private readonly clients = new Map<string, BlockBlobClient>();

  constructor(
    private readonly container: ContainerClient,
    private readonly publicBaseUrl: string,
    private readonly publicAccess: 'blob' | 'none',
    /** The setting the container came from, which failures then name (a refused key, an endpoint that does not answer). */
    private readonly origin?: StorageOrigin,
    private readonly operationTimeoutMs = STORAGE_OPERATION_TIMEOUT_MS,
  ) {
    super();
  }

  async ensureContainer(): Promise<void> {
    const abortSignal = this.deadline();
    try {
      await this.container.createIfNotExists({ abortSignal, ...(this.publicAccess === 'blob' && { access: 'blob' }) });
    } catch (error) {
      throw this.failure('create container', this.container.containerName, error, abortSignal);
    }
  }

  async properties(path: string): Promise<BlobVersion | undefined> {
    const abortSignal = this.deadline();
    try {
      const props = await this.client(path).getProperties({ abortSignal });
      return { etag: props.etag as string, metadata: props.metadata ?? {} };
    } catch (error) {
      if (statusOf(error) === 404 && !isContainerMissing(error)) return undefined;
      throw this.failure('read properties', path, error, abortSignal);
    }
  }

  async read(path: string): Promise<StoredBlobContent | undefined> {
    const abortSignal = this.deadline();
    try {
      const client = this.client(path);
      const response = await client.download(0, undefined, { abortSignal });
      const body = await streamToBuffer(response.readableStreamBody);
      return { etag: response.etag as string, metadata: response.metadata ?? {}, body };
    } catch (error) {
      if (statusOf(error) === 404 && !isContainerMissing(error)) return undefined;
      throw this.failure('download', path, error, abortSignal);
    }
  }

  async write(path: string, blob: BlobWrite): Promise<WriteResult> {
    const body = typeof blob.body === 'string' ? Buffer.from(blob.body, 'utf8') : blob.body;
    const abortSignal = this.deadline();
    try {
      const response = await this.client(path).upload(body, body.length, {
        abortSignal,
        blobHTTPHeaders: {
          blobContentType: blob.contentType,
          blobCacheControl: `public, max-age=${blob.maxAgeSeconds}`,
        },
        metadata: blob.metadata,
        conditions: blob.condition === 'unconditional' ? {} : blob.condition,
      });
      return { written: true, etag: response.etag as string };
    } catch (error) {
      const status = statusOf(error);
      // 412: the ETag moved (If-Match); 409: someone created it first (If-None-Match: *);
      // 404 with If-Match: the blob we remembered was deleted meanwhile (Azure may answer so).
      // A 404 for the whole container is none of these.
      const conditional = blob.condition !== 'unconditional' && 'ifMatch' in blob.condition;
      if (status === 412 || status === 409 || (status === 404 && conditional && !isContainerMissing(error))) return { written: false };
      throw this.failure('upload', path, error, abortSignal);
    }
  }

  private deadline(): AbortSignal {
    return AbortSignal.timeout(this.operationTimeoutMs);
  }

  private failure(operation: string, path: string, error: unknown, deadline: AbortSignal): Error {
    const cause = deadline.aborted ? new StorageDeadlineError(this.operationTimeoutMs) : error;
    return storageFailure(this.container.containerName, operation, path, cause, this.origin);
  }

  private client(path: string): BlockBlobClient {
    let client = this.clients.get(path);
    if (client) {
      this.clients.delete(path);
    } else {
      client = this.container.getBlockBlobClient(path);
      if (this.clients.size >= 5_000) this.clients.delete(this.clients.keys().next().value as string);
    }
    this.clients.set(path, client);
    return client;
  }

  urlOf(path: string): string {
    return `${this.publicBaseUrl}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }
}

async function streamToBuffer(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
