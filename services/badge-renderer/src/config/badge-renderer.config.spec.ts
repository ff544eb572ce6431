import { badgeRendererConfigFromEnv } from './badge-renderer.config';

const storage = { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };

describe('badgeRendererConfigFromEnv', () => {
  it('applies the documented defaults', () => {
    expect(badgeRendererConfigFromEnv(storage)).toEqual({
      storage: { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' },
      container: 'badges',
      style: 'flat',
      maxAgeSeconds: 60,
      releaseLabel: 'environment',
      publicAccess: 'blob',
      concurrency: 32,
      indexBatchMs: 100,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = badgeRendererConfigFromEnv({
      STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net/',
      BADGE_CONTAINER: 'team-badges',
      BADGE_STYLE: 'for-the-badge',
      BADGE_MAX_AGE: '300',
      BADGE_RELEASE_LABEL: 'definition',
      BADGE_PUBLIC_BASE_URL: 'https://badges.example.com/',
      BADGE_PUBLIC_ACCESS: 'none',
      BADGE_CONCURRENCY: '2',
      BADGE_INDEX_BATCH_MS: '0',
    });
    expect(config).toMatchObject({
      storage: { kind: 'accountUrl', accountUrl: 'https://acct.blob.core.windows.net' },
      container: 'team-badges',
      style: 'for-the-badge',
      maxAgeSeconds: 300,
      releaseLabel: 'definition',
      publicBaseUrl: 'https://badges.example.com',
      publicAccess: 'none',
      concurrency: 2,
      indexBatchMs: 0,
    });
  });

  it.each([
    [{}, 'STORAGE_ACCOUNT_URL'],
    [{ STORAGE_ACCOUNT_URL: 'acct' }, 'STORAGE_ACCOUNT_URL'],
    [{ ...storage, BADGE_STYLE: 'round' }, 'BADGE_STYLE'],
    [{ ...storage, BADGE_MAX_AGE: '-1' }, 'BADGE_MAX_AGE'],
    [{ ...storage, BADGE_MAX_AGE: '1e3' }, 'BADGE_MAX_AGE'],
    [{ ...storage, BADGE_CONTAINER: 'Badges' }, 'BADGE_CONTAINER'],
    [{ ...storage, BADGE_RELEASE_LABEL: 'stage' }, 'BADGE_RELEASE_LABEL'],
    [{ ...storage, BADGE_PUBLIC_BASE_URL: '/badges' }, 'BADGE_PUBLIC_BASE_URL'],
    [{ ...storage, BADGE_CONCURRENCY: '0' }, 'BADGE_CONCURRENCY'],
    [{ ...storage, BADGE_INDEX_BATCH_MS: '10001' }, 'BADGE_INDEX_BATCH_MS'],
    [{ ...storage, BADGE_INDEX_BATCH_MS: 'soon' }, 'BADGE_INDEX_BATCH_MS'],
  ])('fails naming the variable for %j', (env, variable) => {
    expect(() => badgeRendererConfigFromEnv(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', variable }));
  });
});
