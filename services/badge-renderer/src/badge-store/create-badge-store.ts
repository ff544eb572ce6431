import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { BadgeRendererConfig } from '../config/badge-renderer.config';
import { BadgeRendererConfigError } from '../config/config.error';
import { AzureBlobBadgeStore } from './azure-blob-badge-store';
import { storageOriginOf } from './storage-origin';

// The SDK's default retry waits up to minutes; a message lock lasts 60 s, so fail fast and let the
// bus redeliver instead.
const pipeline: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, tryTimeoutInMs: 10_000, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
};

export function createBadgeStore(config: BadgeRendererConfig): AzureBlobBadgeStore {
  let service: BlobServiceClient;
  if (config.storage.kind === 'connectionString') {
    try {
      service = BlobServiceClient.fromConnectionString(config.storage.connectionString, pipeline);
    } catch {
      // The SDK's message would quote the string, key included.
      throw new BadgeRendererConfigError('STORAGE_CONNECTION_STRING', 'is not a valid Azure Storage connection string');
    }
  } else {
    service = new BlobServiceClient(config.storage.accountUrl, new DefaultAzureCredential(), pipeline);
  }
  const container = service.getContainerClient(config.container);
  // With a SAS connection string the client URL carries the signature; public badge URLs must not.
  const containerUrl = new URL(container.url);
  containerUrl.search = '';
  const publicUrl = config.publicBaseUrl ?? containerUrl.toString().replace(/\/$/, '');
  return new AzureBlobBadgeStore(container, publicUrl, config.publicAccess, storageOriginOf(config.storage, container.url));
}
