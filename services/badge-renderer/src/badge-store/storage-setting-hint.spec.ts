import { AggregateAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { RestError } from '@azure/storage-blob';
import { badgeRendererConfigFromEnv } from '../config/badge-renderer.config';
import { storageFailure } from './storage-failure';
import { storageOriginOf } from './storage-origin';

// The identity cases need Entra ID to issue a token, so they are checked on the errors the SDKs
// throw; the refused key and SAS and the unreachable endpoint are checked against Azurite
// (test/storage-settings.spec.ts).
const identity = storageOriginOf(
  badgeRendererConfigFromEnv({ STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net' }).storage,
  'https://acct.blob.core.windows.net/badges',
);

describe('storageFailure with the storage settings it came from', () => {
  it.each([
    [403, 'AuthorizationPermissionMismatch'],
    [403, 'AuthorizationFailure'],
    [401, 'InvalidAuthenticationInfo'],
  ])('tells an identity refused with %i %s to get the Storage Blob Data Contributor role, naming STORAGE_ACCOUNT_URL', (statusCode, code) => {
    const failure = storageFailure('badges', 'create container', 'badges', new RestError('denied', { statusCode, code }), identity);
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_ACCOUNT_URL' });
    expect(failure.message).toBe(
      `Blob storage create container of "badges" failed: ${statusCode} ${code}: the storage account refused the identity DefaultAzureCredential ` +
        'signed in with for STORAGE_ACCOUNT_URL: grant it the Storage Blob Data Contributor role on the storage account or on container "badges" ' +
        "(a new assignment can take minutes to apply), and check that the account's firewall lets this network in",
    );
  });

  it.each([
    ['no identity at all', new AggregateAuthenticationError([new CredentialUnavailableError('EnvironmentCredential is unavailable.')], 'ChainedTokenCredential authentication failed.')],
    ['an unavailable credential', new CredentialUnavailableError('ManagedIdentityCredential: no response from the IMDS endpoint')],
  ])('tells, when DefaultAzureCredential finds %s, how to give the workload one, naming STORAGE_ACCOUNT_URL', (_what, error) => {
    const failure = storageFailure('badges', 'create container', 'badges', error, identity);
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_ACCOUNT_URL' });
    expect(failure.message).toMatch(
      /^Blob storage create container of "badges" failed: \w+Error: DefaultAzureCredential got no token for STORAGE_ACCOUNT_URL: give the workload a managed or workload identity with the Storage Blob Data Contributor role/,
    );
  });

  it('names the default port of an https endpoint it cannot reach', () => {
    const failure = storageFailure('badges', 'read properties', 'index.json', new RestError('getaddrinfo ENOTFOUND acct.blob.core.windows.net', { code: 'ENOTFOUND' }), identity);
    expect(failure.message).toContain('failed: no response ENOTFOUND: could not reach acct.blob.core.windows.net:443, the blob endpoint in STORAGE_ACCOUNT_URL');
  });

  it.each([
    ['a 503', new RestError('busy', { statusCode: 503, code: 'ServerBusy' })],
    ['a 429', new RestError('throttled', { statusCode: 429 })],
    ['a 500', new RestError('internal', { statusCode: 500, code: 'InternalError' })],
  ])('adds no settings hint to %s, which is no setting to fix', (_what, error) => {
    const failure = storageFailure('badges', 'upload', 'a.svg', error, identity);
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE' });
    expect((failure as { variable?: string }).variable).toBeUndefined();
    // Retried (BLOB_UNAVAILABLE), never dead-lettered as a request Blob storage refuses (BLOB_REQUEST_REJECTED).
    expect(failure.message).toMatch(/^Blob storage upload of "a\.svg" failed: (503 ServerBusy|429 RestError|500 InternalError)$/);
  });
});
