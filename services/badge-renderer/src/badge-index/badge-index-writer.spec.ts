import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { BlobServiceClient, type BlockBlobClient } from '@azure/storage-blob';
import { createLogger, startInMemoryTracing } from '@switchyard/observability';
import { startAzurite, type RunningAzurite } from '@switchyard/azurite';
import { AzureBlobBadgeStore } from '../badge-store/azure-blob-badge-store';
import { compareOrder } from '../ordering/order-key';
import { deriveSummaries } from '../render-summary-badge/summary-entries';
import { BadgeIndexWriter } from './badge-index-writer';
import { emptyIndex, type IndexEntry } from './index-entry';
import { parseIndex } from './parse-index';

jest.setTimeout(30_000);

const entry = (environment: string, deployment: number, status = 'succeeded'): IndexEntry => ({
  kind: 'release',
  path: `org/P/releases/D/environments/${environment}`,
  project: 'P',
  definition: 'D',
  environment,
  release: `R-${deployment}`,
  label: environment,
  message: `R-${deployment} ${status}`,
  status,
  color: 'brightgreen',
  updated: new Date(deployment * 1000).toISOString(),
  svgUrl: 'x',
  jsonUrl: 'y',
  markdown: 'z',
  sourceEventId: `e-${deployment}`,
  order: { primary: deployment, phase: 1, time: deployment * 1000 },
});

describe('BadgeIndexWriter (Azurite)', () => {
  let location: string;
  let azurite: RunningAzurite;
  let store: AzureBlobBadgeStore;

  beforeAll(async () => {
    location = mkdtempSync(join(tmpdir(), 'badge-index-'));
    azurite = await startAzurite({ location });
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('index-test');
    store = new AzureBlobBadgeStore(container, container.url, 'blob');
    await store.ensureContainer();
  });
  afterAll(async () => {
    await azurite.stop();
    rmSync(location, { recursive: true, force: true });
  });

  async function freshStore(name: string): Promise<AzureBlobBadgeStore> {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(name);
    const fresh = new AzureBlobBadgeStore(container, container.url, 'blob');
    await fresh.ensureContainer();
    return fresh;
  }

  it.each([0, 20])('loses no update when two replicas write the index at once, and never takes an older entry (batch %i ms)', async (batchMs) => {
    const store = await freshStore(`index-race-${batchMs}`);
    const derive = deriveSummaries((path) => `https://example/${path}`);
    const replicaA = new BadgeIndexWriter(store, derive, 60, batchMs);
    const replicaB = new BadgeIndexWriter(store, derive, 60, batchMs);
    const envs = Array.from({ length: 10 }, (_, i) => `env-${i}`);
    await Promise.all(
      envs.flatMap((environment, i) => [
        replicaA.apply([entry(environment, 100 + i)]),
        replicaB.apply([entry(environment, 200 + i, 'failed')]),
        replicaA.apply([entry(environment, 50 + i)]),
      ]),
    );
    const stored = parseIndex((await store.read('index.json'))?.body ?? Buffer.alloc(0)).index;
    const releases = stored.badges.filter((e) => e.kind === 'release');
    expect(releases.map((e) => e.release).sort()).toEqual(envs.map((_, i) => `R-${200 + i}`).sort());
    const summary = stored.badges.find((e) => e.kind === 'summary');
    expect(summary).toMatchObject({ path: 'org/P/releases/D/summary', status: 'failed', color: 'red', label: 'D' });
    expect(summary?.message).toBe(envs.map((e, i) => `${e} R-${200 + i} ✗`).join(' | '));
    expect(summary?.order.primary).toBe(stored.revision);
  });

  it('collects the changes of one batch window into one conditional write, keeping only the newest state', async () => {
    const store = await freshStore('index-batch');
    const writes = jest.spyOn(store, 'write');
    const writer = new BadgeIndexWriter(store, deriveSummaries((p) => p), 60, 50);
    const results = await Promise.all([
      writer.apply([entry('qa', 7)]),
      writer.apply([entry('qa', 9, 'failed')]),
      writer.apply([entry('qa', 8)]),
      writer.apply([entry('prod', 3)]),
    ]);
    expect(writes).toHaveBeenCalledTimes(1);
    for (const index of results) expect(index).toBe(results[0]);
    const stored = parseIndex((await store.read('index.json'))?.body ?? Buffer.alloc(0)).index;
    expect(stored.revision).toBeGreaterThanOrEqual(Date.parse(stored.updated));
    expect(stored.badges.filter((e) => e.kind === 'release').map((e) => [e.environment, e.release])).toEqual([
      ['prod', 'R-3'],
      ['qa', 'R-9'],
    ]);

    // Later changes form the next batch: nothing is lost, and an older state still loses.
    const next = writer.apply([entry('qa', 10)]);
    const stale = writer.apply([entry('prod', 2)]);
    expect((await next).badges.find((e) => e.environment === 'qa')?.release).toBe('R-10');
    expect((await stale).badges.find((e) => e.environment === 'prod')?.release).toBe('R-3');
    expect(writes).toHaveBeenCalledTimes(2);
  });

  it('orders the summaries of a re-created index after those of the index it replaces', async () => {
    const store = await freshStore('index-recreated');
    const derive = deriveSummaries((p) => p);
    const replaced = new BadgeIndexWriter(store, derive, 60);
    await replaced.apply([entry('dev', 1)]);
    await replaced.apply([entry('qa', 2)]);
    const older = (await replaced.apply([entry('prod', 4)])).badges.find((e) => e.kind === 'summary');
    await store.write('index.json', { body: JSON.stringify(emptyIndex()), contentType: 'application/json', maxAgeSeconds: 1, metadata: {}, condition: 'unconditional' });
    const after = await new BadgeIndexWriter(store, derive, 60).apply([entry('dev', 3)]);
    const newer = after.badges.find((e) => e.kind === 'summary');
    expect(newer?.message).toBe('dev R-3 ✓');
    expect(compareOrder(newer?.order ?? { phase: 0, time: 0 }, older?.order ?? { phase: 0, time: 0 })).toBeGreaterThan(0);
  });

  it("writes a batch in a trace of its own, linked to every event in it, not in the first event's trace", async () => {
    const tracing = startInMemoryTracing();
    try {
      const writes: (string | undefined)[] = [];
      const watched = Object.create(store) as AzureBlobBadgeStore;
      watched.write = (path, blob) => {
        writes.push(trace.getActiveSpan()?.spanContext().traceId);
        return store.write(path, blob);
      };
      const writer = new BadgeIndexWriter(watched, deriveSummaries((p) => p), 60, 50);
      const tracer = trace.getTracer('test');
      const inEvent = (name: string, entries: IndexEntry[]) =>
        tracer.startActiveSpan(name, async (span) => {
          await writer.apply(entries);
          span.end();
          return span.spanContext();
        });
      const [a, b] = await Promise.all([inEvent('event A', [entry('dev', 71)]), inEvent('event B', [entry('qa', 72)])]);
      const batch = tracing.spans().find((span) => span.name === 'badge index batch');
      expect(batch).toBeDefined();
      expect(writes).toEqual([batch!.spanContext().traceId]);
      expect([a.traceId, b.traceId]).not.toContain(batch!.spanContext().traceId);
      expect(batch!.links.map((link) => link.context.spanId).sort()).toEqual([a.spanId, b.spanId].sort());
    } finally {
      await tracing.shutdown();
    }
  });

  const emptyBody = JSON.stringify(emptyIndex());
  let gone = 0;
  it.each([
    ['replaced by an empty one (its container re-created by another replica)', (index: BlockBlobClient) => index.upload(emptyBody, emptyBody.length)],
    ['deleted', (index: BlockBlobClient) => index.delete()],
  ])('writes an entry it remembers writing again once index.json was %s', async (_what, remove) => {
    const name = `index-gone-${++gone}`;
    const store = await freshStore(name);
    const writer = new BadgeIndexWriter(store, deriveSummaries((p) => p), 60);
    await writer.apply([entry('dev', 5)]);
    await remove(BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(name).getBlockBlobClient('index.json'));
    const index = await writer.apply([entry('dev', 5)]);
    const stored = parseIndex((await store.read('index.json'))?.body ?? Buffer.alloc(0)).index;
    expect(stored).toEqual(index);
    expect(stored.badges.map((e) => [e.kind, e.release ?? e.message])).toEqual([
      ['release', 'R-5'],
      ['summary', 'dev R-5 ✓'],
    ]);
  });

  it('drops entries that are not badges from a hand-edited index, says so once naming the blob, and writes it back repaired', async () => {
    const store = await freshStore('index-entries-damaged');
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ service: 'badge-renderer-spec', level: 'info', destination });
    const { order: _order, ...withoutOrder } = entry('qa', 2);
    const kept = entry('prod', 3);
    const damaged = { ...emptyIndex(), revision: 7, badges: [null, withoutOrder, { ...kept, path: 42 }, kept, 'prod'] };
    await store.write('index.json', { body: JSON.stringify(damaged), contentType: 'application/json', maxAgeSeconds: 1, metadata: {}, condition: 'unconditional' });
    const writer = new BadgeIndexWriter(store, deriveSummaries((p) => p), 60, 0, undefined, logger);

    // A replay changes nothing, yet the repaired index is written back.
    await writer.apply([kept]);
    const stored = JSON.parse(String((await store.read('index.json'))?.body)) as typeof damaged;
    expect(stored.badges).toEqual([kept]);
    expect(stored.revision).toBeGreaterThan(7);

    const index = await writer.apply([entry('dev', 4)]);
    expect(index.badges.map((e) => [e.kind, e.path])).toEqual([
      ['release', 'org/P/releases/D/environments/dev'],
      ['release', 'org/P/releases/D/environments/prod'],
      ['summary', 'org/P/releases/D/summary'],
    ]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        blob: store.urlOf('index.json'),
        msg: 'index.json was damaged and is repaired: dropped 4 of its 5 entries: not an object with a string path and kind and a valid order',
      }),
    ]);
  });

  it('rebuilds from a damaged index instead of blocking every badge, its revisions still going up', async () => {
    // A revision ahead of the clock (written by a replica whose clock runs fast): only the stored one can explain the next.
    const stored = Date.now() + 1e9;
    await store.write('index.json', { body: '{not json', contentType: 'application/json', maxAgeSeconds: 1, metadata: { revision: String(stored) }, condition: 'unconditional' });
    const writer = new BadgeIndexWriter(store, deriveSummaries((p) => p), 60);
    const index = await writer.apply([entry('dev', 1)]);
    expect(index.revision).toBe(stored + 1);
    expect(index.badges.map((e) => e.kind).sort()).toEqual(['release', 'summary']);
  });
});
