import { AzureDevOpsError, AzureDevOpsErrorCodes, isPermanent, isRetryable } from './azure-devops-error';
import { redactSecrets } from './redact';

describe('error classification', () => {
  it.each([
    [AzureDevOpsErrorCodes.THROTTLED, true],
    [AzureDevOpsErrorCodes.UNAVAILABLE, true],
    [AzureDevOpsErrorCodes.TIMEOUT, true],
    [AzureDevOpsErrorCodes.NOT_FOUND, false],
    [AzureDevOpsErrorCodes.UNAUTHORIZED, false],
    [AzureDevOpsErrorCodes.ORG_NOT_ALLOWED, false],
  ])('%s retryable=%s', (code, retryable) => {
    const error = new AzureDevOpsError(code, 'x');
    expect(isRetryable(error)).toBe(retryable);
    expect(isPermanent(error)).toBe(!retryable);
  });

  it('classifies errors of other origins as neither, leaving the choice to the caller', () => {
    expect(isRetryable(new Error('boom'))).toBe(false);
    expect(isPermanent(new Error('boom'))).toBe(false);
    expect(isPermanent(undefined)).toBe(false);
  });

  it('serializes to JSON with code and details', () => {
    const error = new AzureDevOpsError(AzureDevOpsErrorCodes.NOT_FOUND, 'gone', { status: 404, url: 'https://x/' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'AzureDevOpsError', code: 'AZURE_DEVOPS.NOT_FOUND', message: 'gone', retryable: false, status: 404, url: 'https://x/' });
  });
});

describe('redactSecrets', () => {
  it('removes the raw, Basic-encoded and URL-encoded forms', () => {
    const secret = 'abc+def/ghi=';
    const text = `t=${secret} b=${Buffer.from(`:${secret}`).toString('base64')} u=${encodeURIComponent(secret)}`;
    expect(redactSecrets(text, [secret])).toBe('t=*** b=*** u=***');
  });
});
