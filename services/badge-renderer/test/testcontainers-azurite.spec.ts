import { AzuriteContainer } from '@testcontainers/azurite';
import { describeWithContainerRuntime } from '@switchyard/testing';
import { BadgeTestEnv, readIndex, waitForHandled, type TestStorage } from './badge-test-env';
import { deploymentHistory, environmentNames, seededRandom, shuffled } from './deployment-history';
import { checkFixture, deploymentOrBuildFixtures } from './fixture-expectations';

jest.setTimeout(180_000);

async function azuriteContainer(): Promise<TestStorage> {
  const container = await new AzuriteContainer('mcr.microsoft.com/azure-storage/azurite:3.35.0').withSkipApiVersionCheck().start();
  return { connectionString: container.getConnectionString(), blobPort: container.getBlobPort(), stop: async () => void (await container.stop()) };
}

describeWithContainerRuntime('badge renderer against Azurite in a container (@testcontainers/azurite)', () => {
  const env = new BadgeTestEnv(azuriteContainer);
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it.each(deploymentOrBuildFixtures)('%s', (fixture) => checkFixture(env, fixture));

  it('ends 1,000 shuffled events with exactly the latest state', async () => {
    const history = deploymentHistory(25, seededRandom(11));
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    for (const event of shuffled(history.events, seededRandom(12))) await bus.publisher.publish(event);
    await waitForHandled(renderer, 'stored', 1000, 150_000);
    const releases = (await readIndex(env.container(name))).badges.filter((entry) => entry.kind === 'release');
    expect(releases.map((entry) => [entry.environment, entry.release]).sort()).toEqual(
      environmentNames.map((environment) => [environment, history.latest.get(environment)?.release]).sort(),
    );
  });
});
