import { AdoHttpClient } from 'azure-devops-node-api/AdoHttpClientBases';
import { AzureDevOpsTestServer } from '../test-server';
import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { OrgAllowList } from './allow-list';
import { type RawHttpClient, guardHttpClient } from './guarded-http';
import { defaultRetryPolicy } from './retry-policy';

describe('guardHttpClient (the choke point every node-api request goes through)', () => {
  let ado: AzureDevOpsTestServer;
  let http: AdoHttpClient;

  beforeEach(async () => {
    ado = await AzureDevOpsTestServer.start();
    http = new AdoHttpClient('test', [], { allowRetries: true, maxRetries: 3 });
    guardHttpClient(http as unknown as RawHttpClient, {
      allowList: new OrgAllowList([ado.orgUrl('fabrikam')]),
      retry: { ...defaultRetryPolicy, maxAttempts: 1 },
      secrets: [],
    });
  });
  afterEach(() => ado.close());

  it.each(['GET', 'OPTIONS', 'POST', 'PATCH'])('refuses a %s to another organization with zero requests at the server', async (verb) => {
    await expect(http.request(verb, `${ado.orgUrl('fabrikam-evil')}_apis/build`, verb === 'GET' || verb === 'OPTIONS' ? '' : '{}', {})).rejects.toMatchObject({
      code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED,
    });
    expect(ado.calls).toHaveLength(0);
  });

  it('lets allowed calls through unchanged', async () => {
    const response = await http.options(`${ado.orgUrl('fabrikam')}_apis/build`);
    expect(response.message.statusCode).toBe(200);
    expect(ado.calls).toHaveLength(1);
  });

  it('is idempotent: guarding twice does not double the retries', async () => {
    guardHttpClient(http as unknown as RawHttpClient, {
      allowList: new OrgAllowList([ado.orgUrl('fabrikam')]),
      retry: { ...defaultRetryPolicy, maxAttempts: 3, baseDelayMs: 1 },
      secrets: [],
    });
    ado.inject({ path: '/_apis/build', status: 503, times: 5 });
    await expect(http.options(`${ado.orgUrl('fabrikam')}_apis/build`)).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE });
    expect(ado.calls).toHaveLength(1);
  });
});
