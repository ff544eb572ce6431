import { randomUUID } from 'node:crypto';
import type { AzureDevOpsClient } from './azure-devops-client';
import { bearerCredential } from './credentials';
import { PROJECT, addCiBuild, startHarness } from '../spec-support/harness';
import { heapHolds } from '../test-server';

/** Clients stay alive (one per process), as in a service. */
const clients: AzureDevOpsClient[] = [];

/** Makes one call with a fresh pipeline token and drops its OrganizationClient; returns the token reversed. */
async function callWithFreshToken(reuseConnections: boolean): Promise<string> {
  const h = await startHarness({ reuseConnections });
  clients.push(h.client);
  const reversed = `${randomUUID().replace(/-/g, '')}nekot-enilepip`;
  try {
    const buildId = addCiBuild(h);
    await h.client.forOrganization(h.orgUrl, bearerCredential([...reversed].reverse().join(''))).getBuild(PROJECT, buildId);
    h.ado.clearCalls();
  } finally {
    await h.ado.close();
  }
  return reversed;
}

jest.setTimeout(30_000);

describe('connections per credential', () => {
  it('keeps a token after its OrganizationClient is dropped only when connections are reused', async () => {
    // Reused (build-trigger's one PAT): the connection, and so the token, stays with the client.
    expect(await heapHolds(await callWithFreshToken(true))).toBe(true);
    // Not reused (a pipeline's AuthToken per check): nothing holds the token once the caller is done.
    expect(await heapHolds(await callWithFreshToken(false))).toBe(false);
  });
});
