import { type SelfSignedCertificate, makeSelfSignedCertificate, selfSignedCertificateUnavailable } from '@switchyard/testing';
import { AzureDevOpsErrorCodes, isPermanent } from '../errors/azure-devops-error';
import { bearerCredential } from './credentials';
import { caught, everyRendering, type Harness, PROJECT, startHarness, TOKEN } from '../spec-support/harness';

const missing = selfSignedCertificateUnavailable();

const plan = { projectId: 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03', hubName: 'checks', planId: '787562d7-f1da-59cf-22c4-8a94fa784503' };
const decision = { taskId: '5e6d5dbf-ac69-5f56-8b85-8e9038703a8b', jobId: '3a7e60dc-c5b0-5009-86eb-0f217c12e2ea', result: 'succeeded' as const };

// A certificate this process does not trust, as Node.js does not trust the internal CA of an Azure DevOps
// Server until NODE_EXTRA_CA_CERTS names it (https.http.spec.ts: trusted so, the same server is reached).
(missing ? describe.skip : describe)(`an organization whose TLS certificate this process does not trust${missing ? ` [skipped: ${missing}]` : ''}`, () => {
  let certificate: SelfSignedCertificate | undefined;
  let h: Harness;

  beforeAll(() => {
    certificate = makeSelfSignedCertificate();
  });
  afterAll(() => certificate?.remove());
  beforeEach(async () => {
    // The default retry policy (4 attempts): the refusal must not use them.
    h = await startHarness({}, { tls: certificate, acceptTokens: [TOKEN] });
  });
  afterEach(() => h.ado.close());

  it('fails a read at once, for good, saying to trust the CA with NODE_EXTRA_CA_CERTS', async () => {
    const error = await caught(h.org().findBuildDefinition(PROJECT, 'CI'));

    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.CERTIFICATE_UNTRUSTED, retryable: false, details: { attempts: 1 } });
    expect(isPermanent(error)).toBe(true);
    expect(h.ado.connectionCount).toBe(1);
    expect(h.waits).toEqual([]);
    expect(h.ado.calls).toEqual([]);
    const { message } = error as Error;
    expect(message).toContain(`TLS certificate of ${new URL(h.orgUrl).host} was refused`);
    expect(message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate');
    expect(message).toContain('set NODE_EXTRA_CA_CERTS to its path');
    expect(message).toContain('restart');
    expect(everyRendering(error)).not.toContain(TOKEN);
  });

  it('reports TaskCompleted as not sent rather than of unknown outcome', async () => {
    const error = await caught(h.org(bearerCredential(TOKEN)).postTaskCompleted(plan, decision));

    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.CERTIFICATE_UNTRUSTED, retryable: false, details: { method: 'POST', attempts: 1 } });
    expect((error as { details: object }).details).not.toHaveProperty('outcomeUnknown');
    expect((error as Error).message).toMatch(/^POST \S+\/events\?api-version=\S+ was not sent: /);
    expect(h.ado.connectionCount).toBe(1);
    expect(everyRendering(error)).not.toContain(TOKEN);
  });
});
