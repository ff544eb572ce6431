import { RestError } from '@azure/storage-blob';
import { isCredentialFailure } from '@switchyard/env-config';
import { StorageDeadlineError } from './storage-deadline.error';
import type { StorageOrigin } from './storage-origin';

const FIREWALL = "and that the account's firewall lets this network in";
const role = (container: string) => `Storage Blob Data Contributor role on the storage account or on container "${container}"`;

function refused(origin: StorageOrigin, container: string): string {
  switch (origin.credential) {
    case 'account key':
      return `the storage account refused the account key in ${origin.variable}: check that its AccountKey is one of the account's current access keys ${FIREWALL}`;
    case 'SAS':
      return `the storage account refused the SAS in ${origin.variable}: check that its SharedAccessSignature has not expired and grants read, write and create on container "${container}" ${FIREWALL}`;
    case 'identity':
      return (
        `the storage account refused the identity DefaultAzureCredential signed in with for ${origin.variable}: grant it the ` +
        `${role(container)} (a new assignment can take minutes to apply), ` +
        "and check that the account's firewall lets this network in"
      );
  }
}

/**
 * What to fix when a storage failure points at the settings: a refused credential (401 / 403), a
 * DefaultAzureCredential sign-in that failed, or an endpoint that could not be reached or did not answer in time. Undefined for
 * anything else. Names the variable and the endpoint's host:port, never the key, SAS or URL.
 */
export function storageSettingHint(error: unknown, origin: StorageOrigin, container: string): string | undefined {
  const status = error instanceof RestError ? error.statusCode : undefined;
  if (status === 401 || status === 403) return refused(origin, container);
  if (isCredentialFailure(error)) {
    return (
      `DefaultAzureCredential got no token for ${origin.variable}: give the workload a managed or workload identity ` +
      `with the ${role(container)} (locally: az login), or set STORAGE_CONNECTION_STRING instead`
    );
  }
  if (error instanceof StorageDeadlineError) {
    return (
      `${origin.endpoint}, the blob endpoint in ${origin.variable}, took the request but did not answer: check that the ` +
      'storage service there is up and not overloaded, and that nothing on the way (a proxy, a firewall) holds the connection'
    );
  }
  if (error instanceof RestError && status === undefined) {
    return (
      `could not reach ${origin.endpoint}, the blob endpoint in ${origin.variable}: check that the host name resolves, ` +
      'the storage service runs there and this network reaches it, or correct the endpoint'
    );
  }
  return undefined;
}
