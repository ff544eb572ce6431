import { BuildCompleted, createEvent } from '@switchyard/contracts';
import { BadgeTestEnv, readIndex, readText, waitForHandled } from './badge-test-env';

jest.setTimeout(30_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const FOLDER = 'fabfiber/Fabrikam/builds/api~id-4';

const build = (id: number, result: 'succeeded' | 'failed', extra: { sourceBranch?: string; reason?: string; finishTime?: string }) =>
  createEvent(BuildCompleted, {
    id: `build-${id}`,
    source: 'urn:test',
    data: {
      organizationUrl: 'https://dev.azure.com/fabfiber/',
      project: { name: 'Fabrikam' },
      definition: { id: 4, name: 'api' },
      build: { id, number: `2026.${id}` },
      result,
      finishTime: new Date().toISOString(),
      ...extra,
    },
  });

describe('build badges and the index', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it('leaves the definition and branch badges and the index to branch builds: pull-request builds are completed and counted as ignored', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    await bus.publisher.publish(build(10, 'succeeded', { sourceBranch: 'refs/heads/main', reason: 'individualCI' }));
    await waitForHandled(renderer, 'stored', 1);
    // Newer build ids than main's: were they rendered, they would take over the definition's badge.
    await bus.publisher.publish(build(11, 'failed', { sourceBranch: 'refs/pull/7/merge', reason: 'pullRequest' }));
    await bus.publisher.publish(build(12, 'failed', { sourceBranch: 'refs/pull/8/head', reason: 'manual' }));
    await bus.publisher.publish(build(13, 'failed', { reason: 'pullRequest' }));
    await waitForHandled(renderer, 'ignored', 3);
    // One more branch build after them: once it is stored, everything before it has been handled.
    await bus.publisher.publish(build(14, 'succeeded', { sourceBranch: 'refs/heads/release/1.4', reason: 'individualCI' }));
    await waitForHandled(renderer, 'stored', 2);

    const container = env.container(name);
    expect(JSON.parse(await readText(container, `${FOLDER}/latest.json`))).toMatchObject({ message: '2026.14 succeeded', color: 'brightgreen' });
    const blobs: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: `${FOLDER}/` })) blobs.push(blob.name);
    expect(blobs.sort()).toEqual(
      [`${FOLDER}/branches/main`, `${FOLDER}/branches/release~2F1.4`, `${FOLDER}/latest`].flatMap((path) => [`${path}.json`, `${path}.svg`]).sort(),
    );
    const index = await readIndex(container);
    expect(index.badges.map((entry) => [entry.path, entry.message])).toEqual([
      [`${FOLDER}/branches/main`, '2026.10 succeeded'],
      [`${FOLDER}/branches/release~2F1.4`, '2026.14 succeeded'],
      [`${FOLDER}/latest`, '2026.14 succeeded'],
    ]);
  });

  it('drops branch badges not built for BADGE_INDEX_BRANCH_MAX_AGE_DAYS from the index, keeping their blobs', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name, { BADGE_INDEX_BRANCH_MAX_AGE_DAYS: '30' });
    const longAgo = new Date(Date.now() - 45 * DAY_MS).toISOString();
    await bus.publisher.publish(build(20, 'succeeded', { sourceBranch: 'refs/heads/feature/gone', finishTime: longAgo }));
    await bus.publisher.publish(build(21, 'succeeded', { sourceBranch: 'refs/heads/main', finishTime: new Date(Date.now() - 29 * DAY_MS).toISOString() }));
    await waitForHandled(renderer, 'stored', 2);

    const container = env.container(name);
    const index = await readIndex(container);
    expect(index.badges.map((entry) => entry.path)).toEqual([`${FOLDER}/branches/main`, `${FOLDER}/latest`]);
    expect(JSON.parse(await readText(container, `${FOLDER}/branches/feature~2Fgone.json`))).toMatchObject({ message: '2026.20 succeeded' });
  });
});
