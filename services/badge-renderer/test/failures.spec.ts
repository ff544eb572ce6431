import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient, type BlockBlobClient } from '@azure/storage-blob';
import { createEvent, ReleaseDeploymentCompleted, StageStateChanged, Topics } from '@switchyard/contracts';
import { startAzurite } from '@switchyard/azurite';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { AzureBlobBadgeStore } from '../src/badge-store/azure-blob-badge-store';
import { BadgeStore, type BlobWrite } from '../src/badge-store/badge-store.port';
import { BadgeTestEnv, handled, readIndex, readText, waitForHandled, waitUntil } from './badge-test-env';

jest.setTimeout(60_000);

const deployment = (id: number, overrides: Record<string, unknown> = {}) =>
  createEvent(ReleaseDeploymentCompleted, {
    id: `deployment-${id}`,
    source: 'urn:test',
    data: {
      organizationUrl: 'https://dev.azure.com/fabfiber/',
      project: { name: 'Fabrikam' },
      releaseDefinition: { id: 1, name: 'Fabrikam.CD' },
      release: { id: id, name: `Release-${id}` },
      environment: { name: 'prod' },
      deployment: { id, attempt: 1 },
      status: 'succeeded',
      originalEventType: 'ms.vss-release.deployment-completed-event',
      ...overrides,
    },
  });

const PROD = 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod';
const SUMMARY = 'fabfiber/Fabrikam/releases/Fabrikam.CD/summary';

/**
 * The container the renderer was configured with for the index and the gallery, and for badges a
 * container Blob storage refuses to serve (its name breaks the naming rules: a 400 every time).
 */
class RefusingBadgeStore extends BadgeStore {
  constructor(
    private readonly good: AzureBlobBadgeStore,
    private readonly refusing: AzureBlobBadgeStore,
  ) {
    super();
  }
  private pick(path: string): AzureBlobBadgeStore {
    return path.includes('/releases/') ? this.refusing : this.good;
  }
  ensureContainer = () => this.good.ensureContainer();
  properties = (path: string) => this.pick(path).properties(path);
  read = (path: string) => this.pick(path).read(path);
  write = (path: string, blob: BlobWrite) => this.pick(path).write(path, blob);
  urlOf = (path: string) => this.good.urlOf(path);
}

/**
 * The renderer's own store, except that while `contended` is set another writer (a second replica,
 * say) changes `path` just before each of the renderer's writes to it: Blob storage answers every
 * conditional write of it 412 (or 409 when it was absent), as it would under real contention.
 */
class ContendedBadgeStore extends BadgeStore {
  contended = false;
  /** The renderer's writes of `path` that Blob storage refused because the other writer got there first. */
  lost = 0;
  constructor(
    private readonly own: AzureBlobBadgeStore,
    private readonly other: BlockBlobClient,
    private readonly path: string,
  ) {
    super();
  }
  ensureContainer = () => this.own.ensureContainer();
  properties = (path: string) => this.own.properties(path);
  read = (path: string) => this.own.read(path);
  urlOf = (path: string) => this.own.urlOf(path);
  write = async (path: string, blob: BlobWrite) => {
    if (!this.contended || path !== this.path) return this.own.write(path, blob);
    await this.otherWriterChangesIt();
    const result = await this.own.write(path, blob);
    if (!result.written) this.lost += 1;
    return result;
  };
  // Same content and metadata, new ETag.
  private async otherWriterChangesIt(): Promise<void> {
    if (await this.other.exists()) await this.other.setMetadata((await this.other.getProperties()).metadata);
    else await this.other.upload('', 0);
  }
}

async function counter(renderer: { metrics: { registry: { getSingleMetric(name: string): unknown } } }, name: string) {
  const metric = renderer.metrics.registry.getSingleMetric(name) as { get(): Promise<{ values: { value: number; labels: Record<string, string> }[] }> };
  return (await metric.get()).values;
}

describe('badge renderer failures', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it('dead-letters an event missing what the badge needs, naming the field, and counts it', async () => {
    const bus = env.bus();
    const renderer = await env.renderer(bus, env.nextContainer());
    const event = deployment(5, { environment: { name: ' ' } });
    await bus.publisher.publish(event);
    const dead = await waitForDeadLetter(bus, Topics.releases, 'badge-renderer', { messageId: event.id });
    expect(dead.reason).toBe('BADGE_FIELD_MISSING');
    expect(dead.description).toBe('data.environment.name is missing: the badge path and label need the environment name');
    expect(await counter(renderer, 'switchyard_badge_dead_letters_total')).toEqual([
      expect.objectContaining({ value: 1, labels: { reason: 'BADGE_FIELD_MISSING' } }),
    ]);
  });

  it('abandons and retries while Blob storage is down, and stores the badge once it is back', async () => {
    const location = mkdtempSync(join(tmpdir(), 'badge-outage-'));
    const own = await startAzurite({ location });
    const bus = env.bus({ maxDeliveryCount: 50 });
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name, { STORAGE_CONNECTION_STRING: own.connectionString });
    await own.stop();

    await bus.publisher.publish(deployment(7));
    await waitUntil(async () => ((await handled(renderer, 'retried')) >= 2 ? true : undefined), 'two failed deliveries', 30_000);
    const failures = await counter(renderer, 'switchyard_badge_blob_failures_total');
    expect(failures.find((f) => f.labels['code'] === 'BLOB_UNAVAILABLE')?.value).toBeGreaterThanOrEqual(2);
    expect(await bus.deadLetters(Topics.releases, 'badge-renderer').list()).toEqual([]);

    const back = await startAzurite({ location, blobPort: own.blobPort });
    try {
      await waitForHandled(renderer, 'stored', 1, 30_000);
      const container = BlobServiceClient.fromConnectionString(back.connectionString).getContainerClient(name);
      const json = JSON.parse(await readText(container, 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod.json'));
      expect(json.message).toBe('Release-7 succeeded');
    } finally {
      await env.closeAll();
      await back.stop();
      rmSync(location, { recursive: true, force: true });
    }
  });

  it.each([
    ['its badge', `${PROD}.json`],
    ['index.json', 'index.json'],
  ])('abandons and retries, never dead-letters, an event whose writes of %s keep losing to another writer; stores it once they stop', async (_what, path) => {
    const bus = env.bus({ maxDeliveryCount: 50 });
    const name = env.nextContainer();
    const container = env.container(name);
    const store = new ContendedBadgeStore(new AzureBlobBadgeStore(container, container.url, 'blob'), container.getBlockBlobClient(path), path);
    const renderer = await env.renderer(bus, name, {}, store);
    store.contended = true;
    const event = deployment(21);
    await bus.publisher.publish(event);

    // Two deliveries given back, or (wrongly) an event stored or dead-lettered regardless.
    const settled = async () => (await handled(renderer, 'retried')) >= 2 || (await handled(renderer, 'stored')) + (await handled(renderer, 'dead_lettered')) > 0;
    await waitUntil(async () => ((await settled()) ? true : undefined), 'two deliveries lost to the other writer', 30_000);
    const retried = await handled(renderer, 'retried');
    // Each delivery tries again from a fresh read before it gives the message back.
    expect(store.lost).toBeGreaterThanOrEqual(2 * retried);
    const failures = await counter(renderer, 'switchyard_badge_blob_failures_total');
    expect(failures.map((f) => f.labels['code'])).toEqual(['BLOB_WRITE_CONTENTION']);
    expect(failures[0]!.value).toBeGreaterThanOrEqual(2);
    expect(await handled(renderer, 'stored')).toBe(0);
    expect(await handled(renderer, 'dead_lettered')).toBe(0);
    expect(await bus.deadLetters(Topics.releases, 'badge-renderer').list()).toEqual([]);

    store.contended = false;
    await waitForHandled(renderer, 'stored', 1, 20_000);
    expect(JSON.parse(await readText(container, `${PROD}.json`)).message).toBe('Release-21 succeeded');
    expect((await readIndex(container)).badges.map((e) => e.path)).toContain(PROD);
    expect(await bus.deadLetters(Topics.releases, 'badge-renderer').list()).toEqual([]);
    expect(await counter(renderer, 'switchyard_badge_dead_letters_total')).toEqual([]);
  });

  it('uses the style and max-age a hook subscription asked for', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name, { BADGE_STYLE: 'plastic', BADGE_MAX_AGE: '30' });
    const event = { ...deployment(9), metadata: { badgeStyle: 'for-the-badge', badgeMaxAge: '120' } };
    await bus.publisher.publish(event);
    await bus.publisher.publish({ ...deployment(9, { environment: { name: 'dev' } }), id: 'plain' });
    await waitForHandled(renderer, 'stored', 2);
    const container = env.container(name);
    const styled = await container.getBlobClient('fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod.svg').getProperties();
    expect(styled.cacheControl).toBe('public, max-age=120');
    expect(await readText(container, 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod.svg')).toContain('RELEASE-9 SUCCEEDED');
    expect(JSON.parse(await readText(container, 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod.json'))).toMatchObject({ style: 'for-the-badge', cacheSeconds: 120 });
    const plain = await container.getBlobClient('fabfiber/Fabrikam/releases/Fabrikam.CD/environments/dev.svg').getProperties();
    expect(plain.cacheControl).toBe('public, max-age=30');
    expect(JSON.parse(await readText(container, 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/dev.json')).style).toBe('plastic');
  });

  it('writes the summary badge in the service-wide style and cache lifetime, whichever subscription deployed last', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name, { BADGE_STYLE: 'plastic', BADGE_MAX_AGE: '30' });
    await bus.publisher.publish({ ...deployment(11, { environment: { name: 'dev' } }), id: 'plain' });
    await waitForHandled(renderer, 'stored', 1);
    await bus.publisher.publish({ ...deployment(12), metadata: { badgeStyle: 'for-the-badge', badgeMaxAge: '120' } });
    await waitForHandled(renderer, 'stored', 2);
    const container = env.container(name);
    expect(JSON.parse(await readText(container, `${SUMMARY}.json`))).toMatchObject({ message: 'dev Release-11 ✓ | prod Release-12 ✓', style: 'plastic', cacheSeconds: 30 });
    expect((await container.getBlobClient(`${SUMMARY}.svg`).getProperties()).cacheControl).toBe('public, max-age=30');
    expect(await readText(container, `${SUMMARY}.svg`)).not.toContain('RELEASE-12');
    // The subscription's own badge keeps its style.
    expect(JSON.parse(await readText(container, `${PROD}.json`))).toMatchObject({ style: 'for-the-badge', cacheSeconds: 120 });
  });

  it('keeps the summary badge current after index.json is deleted and the renderer restarts', async () => {
    const name = env.nextContainer();
    const container = env.container(name);
    const extra = { BADGE_INDEX_BATCH_MS: '0' };
    let bus = env.bus();
    const first = await env.renderer(bus, name, extra);
    for (let id = 1; id <= 5; id++) {
      await bus.publisher.publish(deployment(id));
      await waitForHandled(first, 'stored', id);
    }
    expect(JSON.parse(await readText(container, `${SUMMARY}.json`)).message).toBe('prod Release-5 ✓');
    await env.closeAll();

    await container.getBlobClient('index.json').delete();
    bus = env.bus();
    const second = await env.renderer(bus, name, extra);
    for (const id of [6, 7]) {
      await bus.publisher.publish(deployment(id));
      await waitForHandled(second, 'stored', id - 5);
    }
    expect(JSON.parse(await readText(container, `${SUMMARY}.json`)).message).toBe('prod Release-7 ✓');
    expect((await readIndex(container)).badges.find((e) => e.kind === 'summary')?.message).toBe('prod Release-7 ✓');
    const summaries = (await counter(second, 'switchyard_badges_total')).filter((v) => v.labels['kind'] === 'summary');
    expect(summaries.filter((v) => v.labels['outcome'] === 'stale')).toEqual([]);
  });

  it('re-creates a deleted container (gallery included) and stores the event on retry; readiness names the missing container', async () => {
    const bus = env.bus({ maxDeliveryCount: 10 });
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name, {}, undefined, 0);
    const container = env.container(name);
    await bus.publisher.publish(deployment(1));
    await waitForHandled(renderer, 'stored', 1);

    await container.delete();
    const second = deployment(2);
    await bus.publisher.publish(second);
    await waitForHandled(renderer, 'stored', 2, 20_000);
    expect(await handled(renderer, 'retried')).toBeGreaterThanOrEqual(1);
    const failures = await counter(renderer, 'switchyard_badge_blob_failures_total');
    expect(failures.find((f) => f.labels['code'] === 'BLOB_CONTAINER_MISSING')?.value).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(await readText(container, `${PROD}.json`)).message).toBe('Release-2 succeeded');
    expect((await fetch(`${container.url}/index.html`)).status).toBe(200);
    expect((await readIndex(container)).badges.map((e) => e.path)).toContain(PROD);
    expect(await bus.deadLetters(Topics.releases, 'badge-renderer').list()).toEqual([]);

    await container.delete();
    const readiness = await fetch(`${renderer.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({
      status: 'not-ready',
      checks: { 'blob-storage': { ok: false, detail: expect.stringContaining(`BLOB_CONTAINER_MISSING: Blob container "${name}" is missing`) } },
    });
    // No event needed: the probe that found it missing started the re-creation.
    await waitUntil(async () => ((await (await fetch(`${renderer.url}/readyz`)).json()).status === 'ready' ? true : undefined), 'readiness to recover');
    await waitUntil(async () => ((await fetch(`${container.url}/index.html`)).status === 200 ? true : undefined), 'the gallery to be back');

    // What the renderer remembered of the old container is forgotten: the same state sent again is
    // stored in the new one, not skipped as unchanged.
    await bus.publisher.publish({ ...second, id: 'deployment-2-sent-again' });
    const message = await waitUntil(
      async () => readText(container, `${PROD}.json`).then((text) => JSON.parse(text).message as string, () => undefined),
      'the badge in the re-created container',
    );
    expect(message).toBe('Release-2 succeeded');
  });

  it('has a second replica store a state again that it remembers storing, once another replica re-created the deleted container', async () => {
    const name = env.nextContainer();
    const container = env.container(name);
    const busA = env.bus();
    const busB = env.bus();
    const replicaA = await env.renderer(busA, name, {}, undefined, 0);
    const replicaB = await env.renderer(busB, name);
    const event = deployment(2);
    await busB.publisher.publish(event);
    await waitForHandled(replicaB, 'stored', 1);

    await container.delete();
    // A's readiness probe finds the container missing and re-creates it; B hears nothing of it.
    expect((await fetch(`${replicaA.url}/readyz`)).status).toBe(503);
    await waitUntil(async () => ((await (await fetch(`${replicaA.url}/readyz`)).json()).status === 'ready' ? true : undefined), 'replica A to re-create the container');

    await busB.publisher.publish({ ...event, id: 'deployment-2-sent-again' });
    await waitForHandled(replicaB, 'stored', 2);
    expect(JSON.parse(await readText(container, `${PROD}.json`)).message).toBe('Release-2 succeeded');
    expect(await readText(container, `${PROD}.svg`)).toContain('Release-2 succeeded');
    expect(JSON.parse(await readText(container, `${SUMMARY}.json`)).message).toBe('prod Release-2 ✓');
    expect((await readIndex(container)).badges.map((e) => e.path)).toEqual([PROD, SUMMARY]);
  });

  it('stores the event and repairs index.json when a hand edit left entries that are not badges, instead of failing every delivery', async () => {
    const bus = env.bus({ maxDeliveryCount: 2 });
    const name = env.nextContainer();
    const container = env.container(name);
    const renderer = await env.renderer(bus, name);
    await bus.publisher.publish(deployment(6, { environment: { name: 'dev' } }));
    await waitForHandled(renderer, 'stored', 1);
    const edited = await readIndex(container);
    const [dev] = edited.badges;
    const { order: _order, ...withoutOrder } = dev!;
    const body = JSON.stringify({ ...edited, badges: [null, withoutOrder, ...edited.badges] });
    await container.getBlockBlobClient('index.json').upload(body, body.length);

    await bus.publisher.publish(deployment(7));
    await waitUntil(async () => ((await handled(renderer, 'stored')) + (await handled(renderer, 'retried')) >= 2 ? true : undefined), 'the deployment to be handled');
    expect(await handled(renderer, 'retried')).toBe(0);
    expect(await bus.deadLetters(Topics.releases, 'badge-renderer').list()).toEqual([]);
    expect(JSON.parse(await readText(container, `${PROD}.json`)).message).toBe('Release-7 succeeded');
    const index = await readIndex(container);
    expect(index.badges.map((e) => e.path)).toEqual(['fabfiber/Fabrikam/releases/Fabrikam.CD/environments/dev', PROD, SUMMARY]);
    expect(index.badges.find((e) => e.kind === 'summary')?.message).toBe('dev Release-6 ✓ | prod Release-7 ✓');
  });

  it('dead-letters at once, naming the blob, what Blob storage refuses as invalid instead of retrying it', async () => {
    const bus = env.bus({ maxDeliveryCount: 10 });
    const name = env.nextContainer();
    const client = (container: string) => BlobServiceClient.fromConnectionString(env.azurite.connectionString, { retryOptions: { maxTries: 1 } }).getContainerClient(container);
    const good = new AzureBlobBadgeStore(client(name), client(name).url, 'blob');
    const refusing = new AzureBlobBadgeStore(client('Not--A_Container'), client(name).url, 'blob');
    const renderer = await env.renderer(bus, name, {}, new RefusingBadgeStore(good, refusing));
    const event = deployment(3);
    await bus.publisher.publish(event);
    const dead = await waitForDeadLetter(bus, Topics.releases, 'badge-renderer', { messageId: event.id });
    expect(dead.reason).toBe('BLOB_REQUEST_REJECTED');
    expect(dead.description).toContain(`"${PROD}.`);
    expect(dead.description).toMatch(/400 (InvalidResourceName|OutOfRangeInput)/);
    expect(await handled(renderer, 'retried')).toBe(0);
    expect(await counter(renderer, 'switchyard_badge_dead_letters_total')).toEqual([
      expect.objectContaining({ value: 1, labels: { reason: 'BLOB_REQUEST_REJECTED' } }),
    ]);
  });

  it('dead-letters a badge whose escaped path is longer than Blob storage allows, naming the limit and the name', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    // 400 slashes: each becomes ~2F, so the path alone is over 1,200 characters.
    const event = deployment(4, { environment: { name: `prod${'/'.repeat(400)}` } });
    await bus.publisher.publish(event);
    const dead = await waitForDeadLetter(bus, Topics.releases, 'badge-renderer', { messageId: event.id });
    expect(dead.reason).toBe('BADGE_PATH_TOO_LONG');
    expect(dead.description).toMatch(/1,2\d\d characters/);
    expect(dead.description).toContain('1,024');
    expect(dead.description).toContain('prod~2F~2F');
    expect(await handled(renderer, 'dead_lettered')).toBe(1);
    expect((await readIndex(env.container(name))).badges).toEqual([]);
  });

  it('stores names with lone surrogates, XML-illegal characters and a malformed organization URL at once, and the container stays listable', async () => {
    const bus = env.bus({ maxDeliveryCount: 10 });
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    const events = [
      deployment(11, { environment: { name: 'a\ud800b' } }),
      deployment(12, { environment: { name: 'x\uffffy\ufffe' } }),
      deployment(13, { organizationUrl: 'https://dev.azure.com/a%ZZ/' }),
    ];
    for (const event of events) await bus.publisher.publish(event);
    await waitForHandled(renderer, 'stored', 3);
    expect(await handled(renderer, 'retried')).toBe(0);
    expect(await handled(renderer, 'dead_lettered')).toBe(0);
    const listed: string[] = [];
    for await (const blob of env.container(name).listBlobsFlat()) listed.push(blob.name);
    expect(listed).toEqual(
      expect.arrayContaining([
        'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/a~ED~A0~80b.svg',
        'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/x~EF~BF~BFy~EF~BF~BE.svg',
        'a~25zz/Fabrikam/releases/Fabrikam.CD/environments/prod.svg',
      ]),
    );
  });

  it('stores a stage that completed without a result as "unknown", never the string "undefined"', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    const event = createEvent(StageStateChanged, {
      id: 'stage-no-result',
      source: 'urn:test',
      data: {
        organizationUrl: 'https://dev.azure.com/fabfiber/',
        project: { name: 'Fabrikam' },
        pipeline: { id: 12, name: 'web-app' },
        run: { id: 311, name: '20260301.4' },
        stage: { name: 'deploy_prod', state: 'completed' },
      },
    });
    await bus.publisher.publish(event);
    await waitForHandled(renderer, 'stored', 1);
    const entry = await waitUntil(async () => (await readIndex(env.container(name))).badges.find((badge) => badge.kind === 'stage'), 'the stage in index.json');
    expect(entry).toMatchObject({ status: 'unknown', message: '20260301.4 unknown', color: 'lightgrey' });
  });

  it('dead-letters a stage whose name is blank at once, naming the field, as it does a blank environment name', async () => {
    const bus = env.bus({ maxDeliveryCount: 10 });
    const renderer = await env.renderer(bus, env.nextContainer());
    const event = createEvent(StageStateChanged, {
      id: 'stage-blank-name',
      source: 'urn:test',
      data: { project: { name: 'Fabrikam' }, pipeline: { id: 12, name: 'web-app' }, run: { id: 311 }, stage: { name: ' ', state: 'inProgress' } },
    });
    await bus.publisher.publish(event);
    const dead = await waitForDeadLetter(bus, Topics.builds, 'badge-renderer', { messageId: event.id });
    expect(dead.reason).toBe('BADGE_FIELD_MISSING');
    expect(dead.description).toBe('data.stage.name is missing: the badge path needs the stage name');
    expect(await handled(renderer, 'dead_lettered')).toBe(1);
  });
});
