import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { azureDevOpsConfigFromEnv, withinRequestBudget } from './config';
import { defaultRetryPolicy } from './retry-policy';

describe('azureDevOpsConfigFromEnv', () => {
  it('reads the allow-list, token and limits with defaults', () => {
    expect(azureDevOpsConfigFromEnv({ ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam', AZURE_DEVOPS_TOKEN: ' t0k ' })).toEqual({
      allowedOrgUrls: ['https://dev.azure.com/fabrikam/'],
      defaultCredential: { kind: 'pat', token: 't0k' },
      timeoutMs: 10_000,
      retry: defaultRetryPolicy,
    });
  });

  it('reads explicit limits', () => {
    const config = azureDevOpsConfigFromEnv({
      ALLOWED_ORG_URLS: 'https://dev.azure.com/a,https://dev.azure.com/b/',
      AZURE_DEVOPS_TOKEN: 'x',
      AZURE_DEVOPS_TIMEOUT_MS: '2500',
      AZURE_DEVOPS_MAX_ATTEMPTS: '2',
      AZURE_DEVOPS_RETRY_BUDGET_MS: '5000',
    });
    expect(config).toMatchObject({ defaultCredential: { kind: 'pat' }, timeoutMs: 2500, retry: { maxAttempts: 2, maxElapsedMs: 5000 } });
    expect(config.allowedOrgUrls).toHaveLength(2);
  });

  it('has no default credential when AZURE_DEVOPS_TOKEN is unset (checks bring their own)', () => {
    expect(azureDevOpsConfigFromEnv({ ALLOWED_ORG_URLS: 'https://dev.azure.com/a' }).defaultCredential).toBeUndefined();
  });

  it.each([
    [{}, 'ALLOWED_ORG_URLS'],
    [{ ALLOWED_ORG_URLS: 'nope' }, 'ALLOWED_ORG_URLS'],
    [{ ALLOWED_ORG_URLS: 'https://dev.azure.com/a', AZURE_DEVOPS_TIMEOUT_MS: 'soon' }, 'AZURE_DEVOPS_TIMEOUT_MS'],
    [{ ALLOWED_ORG_URLS: 'https://dev.azure.com/a', AZURE_DEVOPS_MAX_ATTEMPTS: '0' }, 'AZURE_DEVOPS_MAX_ATTEMPTS'],
  ])('fails naming the variable for %j', (env, variable) => {
    expect(() => azureDevOpsConfigFromEnv(env)).toThrow(expect.objectContaining({ code: AzureDevOpsErrorCodes.CONFIG_INVALID, message: expect.stringContaining(variable) }));
  });

  it('never puts the token into a configuration error', () => {
    expect(() => azureDevOpsConfigFromEnv({ AZURE_DEVOPS_TOKEN: 'very-secret-token', AZURE_DEVOPS_TIMEOUT_MS: 'x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('very-secret-token') }),
    );
  });
});

describe('withinRequestBudget', () => {
  it('caps the attempt timeout and the retry time at the budget, keeping lower settings', () => {
    const config = azureDevOpsConfigFromEnv({ ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam', AZURE_DEVOPS_TIMEOUT_MS: '3000' });
    const bounded = withinRequestBudget(config, 5_000);
    expect(bounded.timeoutMs).toBe(3_000);
    expect(bounded.retry.maxElapsedMs).toBe(5_000);
    expect(bounded.allowedOrgUrls).toEqual(config.allowedOrgUrls);
    expect(config.retry.maxElapsedMs).toBe(30_000);
  });
});
