// Runs once per Jest run: finds out whether a container runtime exists, so suites
// that need one (testcontainers) can report themselves skipped with the reason.
module.exports = async function globalSetup() {
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
