import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const directory = join(__dirname, '..', '..', 'test', 'loopback-certificate');

/**
 * A self-signed certificate for 127.0.0.1 that no process trusts unless NODE_EXTRA_CA_CERTS names
 * `certPath`: what an Azure DevOps Server with a certificate from an internal CA looks like to Node.js.
 * `tls` is the test server's option.
 */
export function untrustedLoopbackCertificate(): { tls: { key: Buffer; cert: Buffer }; certPath: string } {
  const certPath = join(directory, 'cert.pem');
  return { tls: { key: readFileSync(join(directory, 'key.pem')), cert: readFileSync(certPath) }, certPath };
}
