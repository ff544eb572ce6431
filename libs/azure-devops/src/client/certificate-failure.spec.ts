import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { errorFromTransport } from './http-errors';
import { failedBeforeSending } from './resend-safety';

const context = { method: 'POST', url: 'https://tfs.corp.example:8443/tfs/DefaultCollection/_apis/build/builds', attempts: 1, secrets: ['s3cr3t-token'] };

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

// The real handshake is in certificate-refused.http.spec.ts; these are the refusals a loopback server
// cannot easily produce, and the advice each one gets.
describe('a refused server certificate', () => {
  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'NODE_EXTRA_CA_CERTS'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'NODE_EXTRA_CA_CERTS'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', 'intermediate certificates'],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'renew it on the server'],
    ['CERT_NOT_YET_VALID', 'certificate is not yet valid', 'correct the clock'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: Host: tfs.corp.example. is not in the cert's altnames: DNS:tfs", 'with tfs.corp.example among its subject alternative names'],
    ['CERT_REVOKED', 'certificate revoked', 'replace it on the server'],
  ])('%s is permanent, names the host and says what to change', (code, reason, advice) => {
    const error = errorFromTransport(nodeError(code, reason), context);

    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.CERTIFICATE_UNTRUSTED, retryable: false });
    expect(error.message).toContain(`TLS certificate of tfs.corp.example:8443 was refused (${code}: ${reason})`);
    expect(error.message).toContain(advice);
    expect(error.message).not.toMatch(/REJECT_UNAUTHORIZED|rejectUnauthorized/);
    expect(failedBeforeSending(nodeError(code, reason))).toBe(true);
  });

  it('is found in the cause of a wrapping error, as fetch reports it', () => {
    const wrapped = new TypeError('fetch failed', { cause: nodeError('UNABLE_TO_GET_ISSUER_CERT', 'unable to get issuer certificate') });

    expect(errorFromTransport(wrapped, context).code).toBe(AzureDevOpsErrorCodes.CERTIFICATE_UNTRUSTED);
    expect(failedBeforeSending(wrapped)).toBe(true);
  });

  it('keeps a token out of the message', () => {
    const error = errorFromTransport(nodeError('CERT_HAS_EXPIRED', 'certificate has expired (s3cr3t-token)'), context);

    expect(error.message).not.toContain('s3cr3t-token');
  });

  it('leaves other transport failures retryable and of unknown outcome', () => {
    const reset = nodeError('ECONNRESET', 'socket hang up');

    expect(errorFromTransport(reset, context)).toMatchObject({ code: AzureDevOpsErrorCodes.UNAVAILABLE, retryable: true });
    expect(failedBeforeSending(reset)).toBe(false);
  });
});
