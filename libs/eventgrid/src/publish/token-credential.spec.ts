import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type SelfSignedCertificate, makeSelfSignedCertificate, selfSignedCertificateUnavailable } from '@switchyard/testing';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const missing = selfSignedCertificateUnavailable();

// Without EVENTGRID_KEY the publisher authenticates with a token credential (DefaultAzureCredential in
// production). The SDK sends bearer tokens only over TLS, so the receiver here is HTTPS with a certificate
// made for this run.
(missing ? describe.skip : describe)(`publishing with a token credential over HTTPS${missing ? ` [skipped: ${missing}]` : ''}`, () => {
  let certificate: SelfSignedCertificate | undefined;
  let server: Server | undefined;
  const requests: Array<{ headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    certificate = makeSelfSignedCertificate();
    server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    certificate?.remove();
  });

  it('sends a bearer token for the Event Grid scope, and no access key', async () => {
    const { port } = server?.address() as AddressInfo;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '../../test/publish-with-token-credential.ts'), `https://127.0.0.1:${port}/api/events`],
      { cwd: repoRoot, env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate?.certPath } },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

    expect(result.scopes).toContain('https://eventgrid.azure.net/.default');
    expect(result.stats).toMatchObject({ delivered: 1, failedAttempts: 0 });
    expect(requests).toHaveLength(1);
    expect(requests[0].headers['authorization']).toBe('Bearer token-from-workload-identity');
    expect(requests[0].headers).not.toHaveProperty('aeg-sas-key');
    expect(JSON.parse(requests[0].body)[0]).toMatchObject({ id: 'with-token', specversion: '1.0' });
  }, 60_000);
});
