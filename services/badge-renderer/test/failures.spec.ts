import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { createEvent, ReleaseDeploymentCompleted, Topics } from '@switchyard/contracts';
import { startAzurite } from '@switchyard/azurite';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { BadgeTestEnv, handled, readText, waitForHandled, waitUntil } from './badge-test-env';

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
});
