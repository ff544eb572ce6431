import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  /** PEM private key and certificate for 127.0.0.1, valid for one day. */
  key: string;
  cert: string;
  /** The certificate's file, e.g. for a child process's NODE_EXTRA_CA_CERTS. */
  certPath: string;
  remove(): void;
}

/** Why no certificate can be made here (openssl missing), or undefined when it can. */
export function selfSignedCertificateUnavailable(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'openssl is not installed (needed to make a self-signed certificate)';
  }
}

/** A throwaway certificate for an HTTPS server on 127.0.0.1, made with openssl. */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath], { stdio: 'pipe' });
  return {
    key: readFileSync(keyPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
