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

  beforeEach(() => requests.splice(0));

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    certificate?.remove();
  });

  async function publishInChild(mode: 'granted' | 'refused') {
    const { port } = server?.address() as AddressInfo;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '../../test/publish-with-token-credential.ts'), `https://127.0.0.1:${port}/api/events`, mode],
      { cwd: repoRoot, env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate?.certPath } },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  }

  it('sends a bearer token for the Event Grid scope, and no access key', async () => {
    const result = await publishInChild('granted');

    expect(result.scopes).toContain('https://eventgrid.azure.net/.default');
    expect(result.stats).toMatchObject({ delivered: 2, failedAttempts: 0 });
    expect(requests).toHaveLength(1);
    expect(requests[0].headers['authorization']).toBe('Bearer token-from-workload-identity');
    expect(requests[0].headers).not.toHaveProperty('aeg-sas-key');
    expect(JSON.parse(requests[0].body)[0]).toMatchObject({ id: 'with-token', specversion: '1.0' });
  }, 60_000);

  it('reports a token Entra ID refused as a credential failure, not as Event Grid refusing the events', async () => {
    const result = await publishInChild('refused');

    expect(requests).toHaveLength(0);
    // The token endpoint's 400 is no reason to split the batch: one failed attempt for both events.
    expect(result.stats).toMatchObject({ delivered: 0, failedAttempts: 1, dropped: { rejected: 0, retriesExhausted: 2 } });
    const messages = result.logs.map((line: { message: string }) => line.message).join('\n');
    expect(messages).toMatch(/last: credential no Entra ID token for Event Grid \(EVENTGRID_KEY is unset, so DefaultAzureCredential is used\): invalid_client/);
    expect(messages).not.toMatch(/Event Grid answered/);
  }, 60_000);
});
