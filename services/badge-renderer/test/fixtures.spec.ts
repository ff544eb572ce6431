import { BadgeTestEnv } from './badge-test-env';
import { checkFixture, deploymentOrBuildFixtures, expectations } from './fixture-expectations';

jest.setTimeout(30_000);

describe('every deployment and build fixture (Azurite npm package)', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it('has an expectation (no fixture is silently skipped)', () => {
    expect([...deploymentOrBuildFixtures].sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(deploymentOrBuildFixtures)('%s', (fixture) => checkFixture(env, fixture));
});
