import { INDEX_PATH } from '../badge-index/index-entry';
import { BlobContainerMissingError } from '../errors/blob-container-missing.error';
import type { BadgeStore } from './badge-store.port';
import type { ContainerRecovery } from './container-recovery';

/**
 * The readiness check of Blob storage: reachable, and the container is there. A missing container
 * fails the check with BLOB_CONTAINER_MISSING and starts its re-creation, so readiness recovers even
 * when no event arrives to notice it.
 */
export async function storageReadiness(store: BadgeStore, recovery: ContainerRecovery): Promise<true> {
  try {
    await store.properties(INDEX_PATH);
    return true;
  } catch (error) {
    if (error instanceof BlobContainerMissingError) void recovery.recover();
    throw error;
  }
}
