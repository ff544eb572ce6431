import { normalizeServiceHook } from '@switchyard/contracts';
import { readFixtureJson } from '@switchyard/testing';
import { BadgeTestEnv, readIndex, readText, waitForHandled } from './badge-test-env';
import { checkFixture, deploymentOrBuildFixtures, expectations, UNKNOWN_DEFINITION_DEV } from './fixture-expectations';

jest.setTimeout(30_000);

const docs = (name: string) => normalizeServiceHook(readFixtureJson(`hooks/azure-devops-docs/ms.vss-release.${name}.json`));

describe('every deployment and build fixture (Azurite npm package)', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it('has an expectation (no fixture is silently skipped)', () => {
    expect([...deploymentOrBuildFixtures].sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(deploymentOrBuildFixtures)('%s', (fixture) => checkFixture(env, fixture));

  it('never lets a late "started" regress an unknown-definition badge its "completed" already updated', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    // Completed (both doc revisions: one notification id, so the second is a replay), then the
    // started sample that Azure DevOps sent 81 ms before it.
    await bus.publisher.publish(docs('deployment-completed-event.events-md@09dc63ed'));
    await waitForHandled(renderer, 'stored', 1);
    const { etag } = await env.container(name).getBlobClient(`${UNKNOWN_DEFINITION_DEV}.svg`).getProperties();
    await renderer.close();

    const again = await env.renderer(bus, name);
    await bus.publisher.publish({ ...docs('deployment-completed-event.events-md@58e45a46'), id: 'redelivered-completed' });
    await bus.publisher.publish(docs('deployment-started-event.events-md@58e45a46'));
    await waitForHandled(again, 'stored', 2);

    const container = env.container(name);
    expect((await container.getBlobClient(`${UNKNOWN_DEFINITION_DEV}.svg`).getProperties()).etag).toBe(etag);
    expect(JSON.parse(await readText(container, `${UNKNOWN_DEFINITION_DEV}.json`)).message).toBe('Release-1 succeeded');
    const index = await readIndex(container);
    expect(index.badges).toEqual([expect.objectContaining({ path: UNKNOWN_DEFINITION_DEV, message: 'Release-1 succeeded', status: 'succeeded' })]);
  });
});
