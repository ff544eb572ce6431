import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '@switchyard/azurite';
import { AzureBlobBadgeStore } from './azure-blob-badge-store';
import { writeConditionally } from './conditional-write';
import { VersionCache } from './version-cache';

jest.setTimeout(30_000);

describe('AzureBlobBadgeStore (Azurite)', () => {
  let location: string;
  let azurite: RunningAzurite;
  let store: AzureBlobBadgeStore;
  let n = 0;

  beforeAll(async () => {
    location = mkdtempSync(join(tmpdir(), 'badge-store-'));
    azurite = await startAzurite({ location });
  });
  afterAll(async () => {
    await azurite.stop();
    rmSync(location, { recursive: true, force: true });
  });
  beforeEach(async () => {
    n += 1;
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`store-${n}`);
    store = new AzureBlobBadgeStore(container, container.url, 'blob');
    await store.ensureContainer();
  });

  const blob = (body: string, order: string) => ({ body, contentType: 'text/plain', maxAgeSeconds: 5, metadata: { order } });

  it('creates only when absent and replaces only the version it names', async () => {
    const created = await store.write('a/b c.txt', { ...blob('one', '1'), condition: { ifNoneMatch: '*' } });
    expect(created.written).toBe(true);
    expect((await store.write('a/b c.txt', { ...blob('again', '1'), condition: { ifNoneMatch: '*' } })).written).toBe(false);

    const current = await store.properties('a/b c.txt');
    expect(current).toEqual({ etag: created.written ? created.etag : '', metadata: { order: '1' } });
    const etag = current?.etag ?? '';
    const replaced = await store.write('a/b c.txt', { ...blob('two', '2'), condition: { ifMatch: etag } });
    expect(replaced.written).toBe(true);
    expect((await store.write('a/b c.txt', { ...blob('late', '1'), condition: { ifMatch: etag } })).written).toBe(false);
    expect((await store.read('a/b c.txt'))?.body.toString()).toBe('two');
    expect(await store.properties('missing')).toBeUndefined();
    expect(await store.read('missing')).toBeUndefined();
  });

  it('serves blobs anonymously under URLs built from escaped paths', async () => {
    const path = 'org/Développement ~2F x/it.svg';
    await store.write(path, { ...blob('<svg/>', '1'), contentType: 'image/svg+xml', condition: 'unconditional' });
    const response = await fetch(store.urlOf(path));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=5');
    expect(await response.text()).toBe('<svg/>');
  });

  it('lets exactly one of many concurrent conditional writers per decision land, and the newest win', async () => {
    const caches = [new VersionCache(), new VersionCache(), new VersionCache(), new VersionCache()];
    const decideFor = (order: number) => (current: { metadata: Record<string, string> } | undefined) =>
      current && Number(current.metadata['order']) >= order ? ('stale' as const) : ('write' as const);
    const orders = Array.from({ length: 24 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await Promise.all(
      orders.map((order, i) =>
        writeConditionally(store, 'race.txt', decideFor(order), blob(`v${order}`, String(order)), caches[i % caches.length]),
      ),
    );
    expect((await store.read('race.txt'))?.body.toString()).toBe('v24');
  });

  it.each([
    ['a shared key', () => azurite.connectionString.replace(`:${azurite.blobPort}/`, ':1/'), () => /AccountKey=([^;]+)/.exec(azurite.connectionString)![1]],
    ['a SAS', () => 'BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;SharedAccessSignature=sv=2022-11-02&ss=b&srt=co&sp=rwdlac&sig=SasSignatureSecret123', () => 'SasSignatureSecret123'],
  ])('reports an unreachable store as BLOB_UNAVAILABLE naming only the operation, path and error code (with %s, no secret, URL or header)', async (_with, connectionString, secret) => {
    const down = BlobServiceClient.fromConnectionString(connectionString(), { retryOptions: { maxTries: 1 } }).getContainerClient('x');
    const unreachable = new AzureBlobBadgeStore(down, down.url, 'blob');
    const error = await unreachable.properties('a.svg').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BLOB_UNAVAILABLE', operation: 'read properties', path: 'a.svg' });
    expect((error as Error).message).toMatch(/^Blob storage read properties of "a\.svg" failed: no response ECONNREFUSED$/);
    const rendered = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}\n${require('node:util').inspect(error, { depth: 10 })}`;
    for (const leak of [secret(), 'sig=', 'SharedKey', 'http://']) expect(rendered).not.toContain(leak);
  });

  it('gives up on every operation after its deadline when the endpoint takes the request and never answers, naming the endpoint and the variable', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const connectionString = azurite.connectionString.replace(`:${azurite.blobPort}/`, `:${port}/`);
      const hung = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('x');
      const origin = { variable: 'STORAGE_CONNECTION_STRING' as const, credential: 'account key' as const, endpoint: `127.0.0.1:${port}` };
      const store = new AzureBlobBadgeStore(hung, hung.url, 'blob', origin, 300);
      const started = Date.now();
      const failures = await Promise.all([
        store.ensureContainer().catch((e: unknown) => e),
        store.properties('a.svg').catch((e: unknown) => e),
        store.read('index.json').catch((e: unknown) => e),
        store.write('a.svg', { ...blob('x', '1'), condition: 'unconditional' }).catch((e: unknown) => e),
      ]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(failures.map((e) => (e as { operation?: string }).operation)).toEqual(['create container', 'read properties', 'download', 'upload']);
      for (const failure of failures) {
        expect(failure).toMatchObject({ code: 'BLOB_UNAVAILABLE', variable: 'STORAGE_CONNECTION_STRING' });
        expect((failure as Error).message).toContain(
          `failed: no answer within 0.3 s: 127.0.0.1:${port}, the blob endpoint in STORAGE_CONNECTION_STRING, took the request but did not answer`,
        );
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a deleted container as BLOB_CONTAINER_MISSING on every operation, never as an absent blob', async () => {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`gone-${n}`);
    const gone = new AzureBlobBadgeStore(container, container.url, 'blob');
    const missing = { code: 'BLOB_CONTAINER_MISSING', container: `gone-${n}`, message: expect.stringContaining(`Blob container "gone-${n}" is missing`) };
    await expect(gone.properties('a.svg')).rejects.toMatchObject(missing);
    await expect(gone.read('index.json')).rejects.toMatchObject(missing);
    for (const condition of [{ ifNoneMatch: '*' as const }, { ifMatch: '"0x1"' }, 'unconditional' as const]) {
      await expect(gone.write('a.svg', { ...blob('x', '1'), condition })).rejects.toMatchObject(missing);
    }
  });

  it('reports a request Blob storage refuses as invalid as BLOB_REQUEST_REJECTED, naming the blob and the storage error', async () => {
    // A container name with upper case and "--" breaks the naming rules: Blob storage answers 400.
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString, { retryOptions: { maxTries: 1 } }).getContainerClient('Bad--Name');
    const refused = new AzureBlobBadgeStore(container, container.url, 'blob');
    const rejected = { code: 'BLOB_REQUEST_REJECTED', status: 400, path: 'org/p/a.svg' };
    await expect(refused.write('org/p/a.svg', { ...blob('x', '1'), condition: { ifNoneMatch: '*' } })).rejects.toMatchObject({
      ...rejected,
      message: expect.stringMatching(/^Blob storage refused upload of "org\/p\/a\.svg" with 400 (InvalidResourceName|OutOfRangeInput): .+/),
    });
    await expect(refused.properties('org/p/a.svg')).rejects.toMatchObject(rejected);
  });
});
