import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '@switchyard/azurite';
import { BadgeDrawing } from '../badge-render/badge-drawing';
import { AzureBlobBadgeStore } from './azure-blob-badge-store';
import { BadgeBlobWriter } from './badge-blob-writer';

jest.setTimeout(30_000);

describe('BadgeBlobWriter (Azurite)', () => {
  let location: string;
  let azurite: RunningAzurite;
  let store: AzureBlobBadgeStore;

  beforeAll(async () => {
    location = mkdtempSync(join(tmpdir(), 'badge-writer-'));
    azurite = await startAzurite({ location });
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('writer-test');
    store = new AzureBlobBadgeStore(container, container.url, 'blob');
    await store.ensureContainer();
  });
  afterAll(async () => {
    await azurite.stop();
    rmSync(location, { recursive: true, force: true });
  });

  const badge = (n: number) => ({ path: 'org/p/summary', label: 'D', message: `rev ${n}`, color: 'blue', order: { primary: n, phase: 0, time: n } });
  const presentation = { style: 'flat' as const, maxAgeSeconds: 60 };

  it('writes SVG and Shields JSON, skips states a queued newer one will overwrite, and ends on the newest', async () => {
    const writer = new BadgeBlobWriter(store, new BadgeDrawing());
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => writer.write(badge(n), presentation)));
    // all eight were queued before the first ran, so only the newest does any I/O
    expect(outcomes).toEqual(['stale', 'stale', 'stale', 'stale', 'stale', 'stale', 'stale', 'written']);
    expect(JSON.parse(String((await store.read('org/p/summary.json'))?.body)).message).toBe('rev 8');
    expect(String((await store.read('org/p/summary.svg'))?.body)).toContain('rev 8');

    expect(await writer.write(badge(8), presentation)).toBe('unchanged');
    expect(await writer.write(badge(3), presentation)).toBe('stale');
    // another replica (its own cache) sees the same
    expect(await new BadgeBlobWriter(store, new BadgeDrawing()).write(badge(5), presentation)).toBe('stale');
  });

  it('stores again a state it remembers storing, or an older one, once its blobs were deleted behind its back', async () => {
    const writer = new BadgeBlobWriter(store, new BadgeDrawing());
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('writer-test');
    const deleteBoth = (path: string) => Promise.all(['svg', 'json'].map((ext) => container.getBlobClient(`${path}.${ext}`).delete()));
    const replayed = { ...badge(4), path: 'org/p/replayed' };
    expect(await writer.write(replayed, presentation)).toBe('written');
    await deleteBoth(replayed.path);
    expect(await writer.write(replayed, presentation)).toBe('written');
    expect(JSON.parse(String((await store.read('org/p/replayed.json'))?.body)).message).toBe('rev 4');

    // An older state is all there is to show once the newer one is gone.
    await deleteBoth(replayed.path);
    expect(await writer.write({ ...replayed, ...badge(3), path: replayed.path }, presentation)).toBe('written');
    expect(String((await store.read('org/p/replayed.svg'))?.body)).toContain('rev 3');
  });

  it('asks storage once for equal states queued together (every event of an index batch writes its summary)', async () => {
    const writer = new BadgeBlobWriter(store, new BadgeDrawing());
    const queued = { ...badge(9), path: 'org/p/batched' };
    const reads = jest.spyOn(store, 'properties');
    try {
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => writer.write(queued, presentation)));
      expect(outcomes).toEqual(['written', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
      expect(reads.mock.calls.map(([path]) => path).sort()).toEqual(['org/p/batched.json', 'org/p/batched.svg']);
    } finally {
      reads.mockRestore();
    }
  });

  it('recovers when a blob it remembers was deleted behind its back', async () => {
    const writer = new BadgeBlobWriter(store, new BadgeDrawing());
    const other = { ...badge(1), path: 'org/p/other' };
    expect(await writer.write(other, presentation)).toBe('written');
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('writer-test');
    await container.getBlobClient('org/p/other.svg').delete();
    expect(await writer.write({ ...other, order: { ...other.order, primary: 2 }, message: 'rev 2' }, presentation)).toBe('written');
    expect(String((await store.read('org/p/other.svg'))?.body)).toContain('rev 2');
  });
});
