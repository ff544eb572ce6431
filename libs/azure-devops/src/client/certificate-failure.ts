/**
 * Node.js refusing the server's TLS certificate (its X509 error codes, from OpenSSL, and its own host
 * name check). The handshake fails before any byte of the request is sent, and the same certificate
 * is refused again on every attempt, so these are neither retried nor counted as outages.
 */

/** Azure DevOps Server with a certificate from an internal CA that this process does not trust. */
const UNTRUSTED_ISSUER: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

const OUT_OF_DATE: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
]);

const WRONG_HOST: ReadonlySet<string> = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

/** A certificate or chain that is broken in itself: only a new certificate helps. */
const UNUSABLE: ReadonlySet<string> = new Set([
  'CERT_REVOKED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
]);

/** Enough for any wrapper a transport puts around the socket error (e.g. fetch's TypeError and its `cause`). */
const MAX_CAUSE_DEPTH = 5;

export interface CertificateFailure {
  /** Node's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  readonly code: string;
  /** Node's own wording of it. */
  readonly reason: string;
}

/** The certificate refusal in an error or its `cause` chain; undefined for any other failure. */
export function findCertificateFailure(error: unknown): CertificateFailure | undefined {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && isCertificateCode(code)) return { code, reason: typeof message === 'string' ? message : code };
    current = cause;
  }
  return undefined;
}

/** What an operator changes so that the certificate of `host` is accepted. */
export function certificateAdvice(code: string, host: string): string {
  if (UNTRUSTED_ISSUER.has(code)) {
    return (
      `This process does not trust the certificate authority that issued it (usual for Azure DevOps Server with a certificate from an internal CA). ` +
      `Mount that CA's certificate as a PEM file (with any intermediate certificates the server does not send) and set NODE_EXTRA_CA_CERTS to its path; ` +
      `Node.js reads it only at start-up, so restart the service afterwards.`
    );
  }
  if (OUT_OF_DATE.has(code)) {
    return `The certificate of ${host} is outside its validity period: renew it on the server (or correct the clock of this machine if it is wrong).`;
  }
  if (WRONG_HOST.has(code)) {
    return `The certificate is not issued for ${host}: use the host name the certificate names in the organization URL (and ALLOWED_ORG_URLS), or reissue the certificate with ${host} among its subject alternative names.`;
  }
  return `The certificate of ${host} cannot be used as it is: replace it on the server.`;
}

function isCertificateCode(code: string): boolean {
  return UNTRUSTED_ISSUER.has(code) || OUT_OF_DATE.has(code) || WRONG_HOST.has(code) || UNUSABLE.has(code);
}
