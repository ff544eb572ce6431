import type { StorageConfig } from '../config/badge-renderer.config';

/** Which setting the store's endpoint and credential came from, so a failure can say what to check. */
export interface StorageOrigin {
  variable: 'STORAGE_CONNECTION_STRING' | 'STORAGE_ACCOUNT_URL';
  credential: 'account key' | 'SAS' | 'identity';
  /** `host:port` of the blob endpoint, nothing more: with a SAS the client's URL carries the signature. */
  endpoint: string;
}

export function storageOriginOf(storage: StorageConfig, clientUrl: string): StorageOrigin {
  const url = new URL(clientUrl);
  const endpoint = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  if (storage.kind === 'accountUrl') return { variable: 'STORAGE_ACCOUNT_URL', credential: 'identity', endpoint };
  return { variable: 'STORAGE_CONNECTION_STRING', credential: url.searchParams.has('sig') ? 'SAS' : 'account key', endpoint };
}
