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
      indexBranchMaxAgeDays: 0,
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
      BADGE_INDEX_BRANCH_MAX_AGE_DAYS: '90',
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
      indexBranchMaxAgeDays: 90,
    });
  });

  it.each([
    [{}, 'STORAGE_ACCOUNT_URL'],
    [{ STORAGE_ACCOUNT_URL: 'acct' }, 'STORAGE_ACCOUNT_URL'],
    [{ STORAGE_ACCOUNT_URL: 'https://acct blob.core.windows.net' }, 'STORAGE_ACCOUNT_URL'],
    [{ STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net/?sv=2024' }, 'STORAGE_ACCOUNT_URL'],
    [{ ...storage, BADGE_STYLE: 'round' }, 'BADGE_STYLE'],
    [{ ...storage, BADGE_MAX_AGE: '-1' }, 'BADGE_MAX_AGE'],
    [{ ...storage, BADGE_MAX_AGE: '1e3' }, 'BADGE_MAX_AGE'],
    [{ ...storage, BADGE_CONTAINER: 'Badges' }, 'BADGE_CONTAINER'],
    [{ ...storage, BADGE_RELEASE_LABEL: 'stage' }, 'BADGE_RELEASE_LABEL'],
    [{ ...storage, BADGE_PUBLIC_BASE_URL: '/badges' }, 'BADGE_PUBLIC_BASE_URL'],
    [{ ...storage, BADGE_CONCURRENCY: '0' }, 'BADGE_CONCURRENCY'],
    [{ ...storage, BADGE_INDEX_BATCH_MS: '10001' }, 'BADGE_INDEX_BATCH_MS'],
    [{ ...storage, BADGE_INDEX_BATCH_MS: 'soon' }, 'BADGE_INDEX_BATCH_MS'],
    [{ ...storage, BADGE_INDEX_BRANCH_MAX_AGE_DAYS: '-30' }, 'BADGE_INDEX_BRANCH_MAX_AGE_DAYS'],
    [{ ...storage, BADGE_INDEX_BRANCH_MAX_AGE_DAYS: '90d' }, 'BADGE_INDEX_BRANCH_MAX_AGE_DAYS'],
    [{ ...storage, BADGE_INDEX_BRANCH_MAX_AGE_DAYS: '36501' }, 'BADGE_INDEX_BRANCH_MAX_AGE_DAYS'],
  ])('fails naming the variable for %j', (env, variable) => {
    expect(() => badgeRendererConfigFromEnv(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', variable }));
  });

  it.each([
    ['https://cdn example', 'contains a space'],
    ['https://cdn.example.com/team badges', 'contains a space'],
    ['https//cdn.example.com', 'is not an absolute URL'],
    ['ftp://cdn.example.com', 'the scheme must be http or https, not ftp'],
    ['https://cdn.example.com/badges?sv=2024', 'must not have a query'],
    ['https://cdn.example.com/badges#top', 'must not have a query (?…) or a fragment'],
  ])('refuses BADGE_PUBLIC_BASE_URL=%j, which would break every badge URL built on it', (url, problem) => {
    const attempt = () => badgeRendererConfigFromEnv({ ...storage, BADGE_PUBLIC_BASE_URL: url });
    expect(attempt).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', variable: 'BADGE_PUBLIC_BASE_URL', message: expect.stringContaining(problem) }));
    expect(attempt).toThrow(/^BADGE_PUBLIC_BASE_URL: .*; use an absolute http\(s\) URL such as https:\/\/badges\.example\.com/);
  });

  it('refuses credentials in BADGE_PUBLIC_BASE_URL without echoing them', () => {
    const attempt = () => badgeRendererConfigFromEnv({ ...storage, BADGE_PUBLIC_BASE_URL: 'https://deploy:s3cret@cdn.example.com' });
    expect(attempt).toThrow(/^BADGE_PUBLIC_BASE_URL: must not carry credentials/);
    expect(attempt).not.toThrow(/s3cret/);
  });

  it('refuses a plain-http STORAGE_ACCOUNT_URL, over which the SDK sends no token, pointing at the connection string instead', () => {
    const attempt = () => badgeRendererConfigFromEnv({ STORAGE_ACCOUNT_URL: 'http://127.0.0.1:10000/devstoreaccount1' });
    expect(attempt).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', variable: 'STORAGE_ACCOUNT_URL' }));
    expect(attempt).toThrow(/^STORAGE_ACCOUNT_URL: must be an https URL: .*set STORAGE_CONNECTION_STRING/);
  });

  it('keeps a path in BADGE_PUBLIC_BASE_URL, without the trailing slash', () => {
    expect(badgeRendererConfigFromEnv({ ...storage, BADGE_PUBLIC_BASE_URL: 'https://cdn.example.com/team-badges/' }).publicBaseUrl).toBe('https://cdn.example.com/team-badges');
  });
});
