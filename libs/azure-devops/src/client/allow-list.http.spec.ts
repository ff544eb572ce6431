import { AzureDevOpsTestServer } from '../test-server';
import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { AzureDevOpsClient } from './azure-devops-client';
import { patCredential } from './credentials';
import { PROJECT, TOKEN, caught, startHarness, type Harness } from '../spec-support/harness';

describe('allow-list enforcement against a listening server', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'CI' });
    h.ado.org('fabrikam-evil').addDefinition({ project: PROJECT, name: 'CI' });
  });
  afterEach(() => h.ado.close());

  it.each([
    ['an org whose name extends an allowed one', (ado: AzureDevOpsTestServer) => ado.orgUrl('fabrikam-evil')],
    ['an org without the trailing-slash boundary', (ado: AzureDevOpsTestServer) => `${ado.url}/fabrikamx/`],
    ['the same path on another host name', (ado: AzureDevOpsTestServer) => ado.orgUrl('fabrikam').replace('127.0.0.1', 'localhost')],
  ])('refuses %s before any byte is sent', async (_why, urlOf) => {
    const error = await caught(Promise.resolve().then(() => h.client.forOrganization(urlOf(h.ado), patCredential(TOKEN)).getBuild(PROJECT, 1)));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED });
    expect((error as Error).message).toContain('ALLOWED_ORG_URLS');
    expect(h.ado.calls).toHaveLength(0);
  });

  it('refuses a resource area that the organization maps to a host outside the allow-list', async () => {
    // A compromised or misconfigured ResourceAreas answer must not redirect our token elsewhere.
    h.ado.org('fabrikam').resourceAreaUrls.set('965220d5-5bb9-42cf-8d67-9b146df2a5a4', h.ado.orgUrl('elsewhere'));
    const error = await caught(h.org().findBuildDefinition(PROJECT, 'CI'));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED });
    expect(h.ado.calls.filter((call) => call.org === 'elsewhere')).toHaveLength(0);
    expect(h.ado.calls.map((call) => call.path)).toEqual(['/fabrikam/_apis/Location', '/fabrikam/_apis/ResourceAreas']);
  });

  it('does not send the token to another allowed organization that a resource area points to', async () => {
    const contoso = h.ado.orgUrl('contoso');
    h.ado.org('contoso').addDefinition({ project: PROJECT, name: 'CI' });
    h.ado.org('fabrikam').resourceAreaUrls.set('965220d5-5bb9-42cf-8d67-9b146df2a5a4', contoso);
    const client = new AzureDevOpsClient({ allowedOrgUrls: [h.orgUrl, contoso], retry: { maxAttempts: 1 } });
    const error = await caught(client.forOrganization(h.orgUrl, patCredential(TOKEN)).findBuildDefinition(PROJECT, 'CI'));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED });
    expect((error as Error).message).toContain(`the connection is for ${h.orgUrl}`);
    expect(h.ado.calls.filter((call) => call.org === 'contoso')).toHaveLength(0);
  });

  it('checks every redirect hop: a redirect out of the organization is refused, not followed', async () => {
    const evil = h.ado.orgUrl('fabrikam-evil');
    const redirecting = await redirectServer(`${evil}_apis/build`);
    try {
      const client = new AzureDevOpsClient({ allowedOrgUrls: [redirecting.orgUrl], retry: { maxAttempts: 1 } });
      const error = await caught(client.forOrganization(redirecting.orgUrl, patCredential(TOKEN)).getBuild(PROJECT, 1));
      expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED });
      expect(redirecting.hits).toBe(1);
      expect(h.ado.calls).toHaveLength(0);
    } finally {
      await redirecting.close();
    }
  });

  it('does not carry a credential across organizations: a redirect to another allowed organization is refused', async () => {
    const other = h.ado.orgUrl('fabrikam-evil');
    const redirecting = await redirectServer(`${other}_apis/build/builds/1`);
    try {
      const client = new AzureDevOpsClient({ allowedOrgUrls: [redirecting.orgUrl, other], retry: { maxAttempts: 1 } });
      const error = await caught(client.forOrganization(redirecting.orgUrl, patCredential(TOKEN)).getBuild(PROJECT, 1));
      expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED });
      expect((error as Error).message).toContain(`the connection is for ${redirecting.orgUrl}`);
      expect((error as Error).message).not.toContain(TOKEN);
      expect(redirecting.hits).toBe(1);
      expect(h.ado.calls).toHaveLength(0);
      // The other organization is still reachable through a connection of its own.
      await expect(client.forOrganization(other, patCredential(TOKEN)).findBuildDefinition(PROJECT, 'CI')).resolves.toMatchObject({ name: 'CI' });
    } finally {
      await redirecting.close();
    }
  });

  it('allows the configured organization (control for the refusals above)', async () => {
    await expect(h.org().findBuildDefinition(PROJECT, 'CI')).resolves.toMatchObject({ name: 'CI' });
    expect(h.ado.calls.every((call) => call.org === 'fabrikam')).toBe(true);
  });
});

async function redirectServer(location: string) {
  const { createServer } = await import('node:http');
  const state = { hits: 0 };
  const server = createServer((_req, res) => {
    state.hits += 1;
    res.writeHead(302, { location }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    orgUrl: `http://127.0.0.1:${port}/fabrikam/`,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
