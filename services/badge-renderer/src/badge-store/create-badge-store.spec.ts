import { badgeRendererConfigFromEnv } from '../config/badge-renderer.config';
import { createBadgeStore } from './create-badge-store';

describe('createBadgeStore', () => {
  it('never puts a SAS signature into public badge URLs', () => {
    const config = badgeRendererConfigFromEnv({
      STORAGE_CONNECTION_STRING: 'BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2024-01-01&sig=SECRETSIG',
    });
    const url = createBadgeStore(config).urlOf('org/p/releases/D/environments/prod west.svg');
    expect(url).toBe('https://acct.blob.core.windows.net/badges/org/p/releases/D/environments/prod%20west.svg');
  });

  it('uses BADGE_PUBLIC_BASE_URL when set', () => {
    const config = badgeRendererConfigFromEnv({
      STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
      BADGE_PUBLIC_BASE_URL: 'https://badges.example.com/ci',
    });
    expect(createBadgeStore(config).urlOf('a/b.svg')).toBe('https://badges.example.com/ci/a/b.svg');
  });

  it('refuses a malformed connection string without echoing it', () => {
    const config = badgeRendererConfigFromEnv({ STORAGE_CONNECTION_STRING: 'AccountKey=hunter2hunter2' });
    expect(() => createBadgeStore(config)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', variable: 'STORAGE_CONNECTION_STRING', message: expect.not.stringContaining('hunter2') }),
    );
  });
});
