// Runs once per Jest run: checks that the shared Azure DevOps fixtures are where the tests read them,
// and finds out whether a container runtime exists, so suites that need one (testcontainers) can
// report themselves skipped with the reason.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// The same folder as azureDevOpsFixturesDir in libs/testing: ../shared/fixtures/azure-devops beside the repository.
const fixturesDir = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'azure-devops');

module.exports = async function globalSetup() {
  if (!existsSync(fixturesDir)) {
    // One clear line instead of hundreds of ENOENTs.
    throw new Error(
      `The tests read real Azure DevOps payloads from ${fixturesDir}, which does not exist: ` +
        'put the shared fixtures folder beside the repository (../shared/fixtures/azure-devops) and run the tests again.',
    );
  }
  if (process.env.SWITCHYARD_CONTAINER_RUNTIME) return;
  try {
    const { getContainerRuntimeClient } = require('testcontainers');
    await getContainerRuntimeClient();
    process.env.SWITCHYARD_CONTAINER_RUNTIME = 'available';
  } catch (error) {
    const reason = String(error && error.message ? error.message : error).split('\n')[0];
    process.env.SWITCHYARD_CONTAINER_RUNTIME = `unavailable: ${reason}`;
  }
};
