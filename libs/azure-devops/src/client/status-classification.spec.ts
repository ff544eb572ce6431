import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IHttpClientResponse } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { TOKEN } from '../spec-support/harness';
import { errorFromResponse, errorFromTransport } from './http-errors';
import { RETRYABLE_STATUSES } from './retry-policy';

/** A response as typed-rest-client hands it over; only a missing status cannot come from a real server. */
function answer(status: number | undefined): IHttpClientResponse {
  return { message: { statusCode: status, headers: {} }, readBody: async () => '' } as unknown as IHttpClientResponse;
}

const context = { method: 'GET', url: 'https://dev.azure.com/fabrikam/_apis/x', attempts: 1, secrets: [] };

describe('status classification', () => {
  it('is retryable exactly for RETRYABLE_STATUSES, for every error status', async () => {
    for (let status = 400; status < 600; status++) {
      const error = await errorFromResponse(answer(status), context);
      expect([status, error.retryable]).toEqual([status, RETRYABLE_STATUSES.has(status)]);
    }
  });

  it('reports an answer without a status as UNAVAILABLE (retryable), not as a bad request', async () => {
    for (const status of [undefined, 0]) {
      expect(await errorFromResponse(answer(status), context)).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, retryable: true });
    }
  });

  it('names 408 a TIMEOUT without advising a longer client timeout (the server gave up waiting)', async () => {
    const error = await errorFromResponse(answer(408), context);
    expect(error.code).toBe(AzureDevOpsErrorCodes.TIMEOUT);
    expect(error.message).not.toContain('AZURE_DEVOPS_TIMEOUT_MS');
  });

  it('is the list docs/azure-devops.md gives', () => {
    const docs = readFileSync(join(__dirname, '../../../../docs/azure-devops.md'), 'utf8');
    const line = /Retried statuses: ([\d, ]+)\./.exec(docs);
    expect(line?.[1].split(',').map((status) => Number(status.trim()))).toEqual([...RETRYABLE_STATUSES].sort((a, b) => a - b));
  });
});

describe('transport failures', () => {
  it('reports a connection that timed out (ETIMEDOUT) as TIMEOUT, although its message does not say timeout', () => {
    const error = errorFromTransport(Object.assign(new Error('connect ETIMEDOUT 10.1.2.3:443'), { code: 'ETIMEDOUT' }), context);
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.TIMEOUT, retryable: true });
    expect(error.message).toContain('AZURE_DEVOPS_TIMEOUT_MS');
  });

  it('keeps the token, as written or in its Basic form, out of a failure whose message quotes it', () => {
    const basic = Buffer.from(`:${TOKEN}`).toString('base64');
    const error = errorFromTransport(
      Object.assign(new Error(`proxy refused the tunnel for Authorization: Basic ${basic} (token ${TOKEN})`), { code: 'ECONNRESET' }),
      { ...context, secrets: [TOKEN] },
    );
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, message: expect.stringContaining('ECONNRESET: proxy refused the tunnel') });
    expect(`${error.message}\n${JSON.stringify(error)}`).not.toMatch(new RegExp(`${TOKEN}|${basic}`));
  });
});
