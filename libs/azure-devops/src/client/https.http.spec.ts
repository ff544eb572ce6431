import { type SelfSignedCertificate, makeSelfSignedCertificate, runEntryPoint, selfSignedCertificateUnavailable } from '@switchyard/testing';
import { AzureDevOpsTestServer } from '../test-server';
import { PROJECT, TOKEN } from '../spec-support/harness';

const missing = selfSignedCertificateUnavailable();

// Azure DevOps is HTTPS. The client runs in a child process built the way the services are (CommonJS
// through swc), trusting the test server's certificate, so the allow-list check on the socket's real
// destination is exercised exactly as in production.
(missing ? describe.skip : describe)(`an https organization${missing ? ` [skipped: ${missing}]` : ''}`, () => {
  let certificate: SelfSignedCertificate | undefined;
  let ado: AzureDevOpsTestServer;

  beforeAll(async () => {
    certificate = makeSelfSignedCertificate();
    ado = await AzureDevOpsTestServer.start({ tls: certificate, acceptTokens: [TOKEN] });
  });
  afterAll(async () => {
    await ado?.close();
    certificate?.remove();
  });

  it('is called over TLS, discovery included, with the token', async () => {
    const orgUrl = ado.orgUrl('fabrikam');
    expect(orgUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/fabrikam\/$/);
    ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'CI' });

    const run = runEntryPoint('libs/azure-devops/test/find-definition-over-https.ts', [orgUrl, PROJECT, 'CI'], {
      NODE_EXTRA_CA_CERTS: certificate?.certPath,
      ADO_TEST_TOKEN: TOKEN,
    });
    await run.exited;
    const result = JSON.parse(run.stdout().trim().split('\n').at(-1) ?? '{}');

    expect(result).toEqual({ definition: expect.objectContaining({ name: 'CI' }) });
    expect(ado.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'OPTIONS /fabrikam/_apis/Location',
      'GET /fabrikam/_apis/ResourceAreas',
      'OPTIONS /fabrikam/_apis/build',
      `GET /fabrikam/${PROJECT}/_apis/build/definitions`,
    ]);
    expect(ado.calls.every((call) => call.headers.authorization === `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`)).toBe(true);
  }, 60_000);
});
