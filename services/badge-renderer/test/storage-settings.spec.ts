import { inspect } from 'node:util';
import { DEV_ACCOUNT_KEY, devConnectionString, startAzurite } from '@switchyard/azurite';
import { createLogger } from '@switchyard/observability';
import { closedPort } from '@switchyard/testing';
import { ContainerRecovery } from '../src/badge-store/container-recovery';
import { createBadgeStore } from '../src/badge-store/create-badge-store';
import { storageReadiness } from '../src/badge-store/storage-readiness';
import { badgeRendererConfigFromEnv } from '../src/config/badge-renderer.config';
import { BadgeTestEnv } from './badge-test-env';

jest.setTimeout(60_000);

// Well-formed, but not this account's key.
const WRONG_KEY = Buffer.from('a key this storage account has never issued, 64 bytes long......').toString('base64');
const WRONG_SIGNATURE = 'NotTheSignatureOfThisAccount0123456789abcdef%3D';

function expectNoSecret(error: unknown, ...secrets: string[]): void {
  const rendered = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}`;
  // 'http://': the endpoint is named by host:port only; a URL could carry a SAS.
  for (const secret of [...secrets, 'http://']) expect(rendered).not.toContain(secret);
}

describe('storage settings that cannot work name the variable to fix', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  const endpoint = () => `http://127.0.0.1:${env.azurite.blobPort}/devstoreaccount1`;
  const startFailure = (connectionString: string) =>
    env.renderer(env.bus(), env.nextContainer(), { STORAGE_CONNECTION_STRING: connectionString }).then(
      () => undefined,
      (error: unknown) => error,
    );

  it('fails start-up, naming STORAGE_CONNECTION_STRING and its AccountKey, when the account refuses the key; the key is never quoted', async () => {
    const failure = await startFailure(devConnectionString(endpoint()).replace(DEV_ACCOUNT_KEY, WRONG_KEY));
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_CONNECTION_STRING' });
    expect((failure as Error).message).toMatch(
      /^Blob storage create container of "badges-\d+-\d+" failed: 403 \w+: the storage account refused the account key in STORAGE_CONNECTION_STRING: check that its AccountKey is one of the account's current access keys/,
    );
    expectNoSecret(failure, WRONG_KEY, DEV_ACCOUNT_KEY);
  });

  it('fails start-up, naming STORAGE_CONNECTION_STRING and its SharedAccessSignature, when the account refuses the SAS; the signature is never quoted', async () => {
    const sas = `sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2099-01-01T00:00:00Z&sig=${WRONG_SIGNATURE}`;
    const failure = await startFailure(`BlobEndpoint=${endpoint()};SharedAccessSignature=${sas}`);
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_CONNECTION_STRING' });
    expect((failure as Error).message).toMatch(
      /failed: 403 \w+: the storage account refused the SAS in STORAGE_CONNECTION_STRING: check that its SharedAccessSignature has not expired and grants read, write and create on container "badges-\d+-\d+"/,
    );
    expectNoSecret(failure, WRONG_SIGNATURE, 'sig=');
  });

  it('fails start-up, naming the endpoint (host:port) and STORAGE_CONNECTION_STRING, when nothing answers there', async () => {
    const port = await closedPort();
    const failure = await startFailure(devConnectionString(`http://127.0.0.1:${port}/devstoreaccount1`));
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_CONNECTION_STRING' });
    expect((failure as Error).message).toBe(
      `Blob storage create container of "${(failure as Error).message.match(/"(badges-[^"]+)"/)?.[1]}" failed: no response ECONNREFUSED: ` +
        `could not reach 127.0.0.1:${port}, the blob endpoint in STORAGE_CONNECTION_STRING: check that the host name resolves, ` +
        'the storage service runs there and this network reaches it, or correct the endpoint',
    );
    expectNoSecret(failure, DEV_ACCOUNT_KEY);
  });

  it('gives readiness the same hint when the account refuses the key', async () => {
    const config = badgeRendererConfigFromEnv({ STORAGE_CONNECTION_STRING: devConnectionString(endpoint()).replace(DEV_ACCOUNT_KEY, WRONG_KEY) });
    const recovery = new ContainerRecovery(() => Promise.resolve(), createLogger({ service: 'test', level: 'silent' }));
    const failure = await storageReadiness(createBadgeStore(config), recovery).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_CONNECTION_STRING' });
    expect((failure as Error).message).toContain('403');
    expect((failure as Error).message).toContain('the storage account refused the account key in STORAGE_CONNECTION_STRING');
    expectNoSecret(failure, WRONG_KEY, DEV_ACCOUNT_KEY);
  });

  it('says in /readyz which endpoint and variable stopped answering once storage goes away', async () => {
    const own = await startAzurite({ inMemory: true });
    const renderer = await env.renderer(env.bus(), env.nextContainer(), { STORAGE_CONNECTION_STRING: own.connectionString }, undefined, 0);
    expect((await fetch(`${renderer.url}/readyz`)).status).toBe(200);
    await own.stop();
    const readiness = await fetch(`${renderer.url}/readyz`);
    expect(readiness.status).toBe(503);
    const body = await readiness.text();
    expect(JSON.parse(body).checks['blob-storage']).toEqual({
      ok: false,
      detail: expect.stringMatching(
        new RegExp(`^BLOB_UNAVAILABLE: Blob storage read properties of "index.json" failed: no response ECONNREFUSED: could not reach 127\\.0\\.0\\.1:${own.blobPort}, the blob endpoint in STORAGE_CONNECTION_STRING: `),
      ),
    });
    expect(body).not.toContain(DEV_ACCOUNT_KEY);
  });
});
