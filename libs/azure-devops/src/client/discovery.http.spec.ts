import { AzureDevOpsClient } from './azure-devops-client';
import { bearerCredential, patCredential } from './credentials';
import { PROJECT, TOKEN, startHarness, type Harness } from '../spec-support/harness';

describe('location discovery', () => {
  let h: Harness;

  afterEach(() => h.ado.close());

  it.each([{ reuseConnections: true }, { reuseConnections: false }])('discovers areas once per organization, across calls and pipeline tokens (%j)', async (options) => {
    h = await startHarness(options);
    const org = h.ado.org('fabrikam');
    const build = org.addBuild({ project: PROJECT, definitionId: org.addDefinition({ project: PROJECT, name: 'CI' }).id });
    await h.org(patCredential(TOKEN)).getBuild(PROJECT, build.id);
    await h.org(patCredential(TOKEN)).getBuild(PROJECT, build.id);
    await h.org(bearerCredential('another-pipeline-token-123')).getBuild(PROJECT, build.id);
    const discovery = h.ado.calls.filter((call) => call.method === 'OPTIONS' || call.path.endsWith('/ResourceAreas'));
    expect(discovery.map((call) => `${call.method} ${call.path}`)).toEqual([
      'OPTIONS /fabrikam/_apis/Location',
      'GET /fabrikam/_apis/ResourceAreas',
      'OPTIONS /fabrikam/_apis/build',
    ]);
    expect(h.ado.callsMatching(`/_apis/build/builds/${build.id}`)).toHaveLength(3);
  });

  it('uses the collection URL on-prem, where ResourceAreas is empty', async () => {
    h = await startHarness({}, {}, 'tfs/DefaultCollection');
    h.ado.org('tfs/DefaultCollection').addDefinition({ project: PROJECT, name: 'CI' });
    await expect(h.org().findBuildDefinition(PROJECT, 'CI')).resolves.toMatchObject({ name: 'CI' });
    expect(h.ado.calls.every((call) => call.path.startsWith('/tfs/DefaultCollection/'))).toBe(true);
  });

  it('forgets a failed discovery so the next call can succeed', async () => {
    h = await startHarness({ retry: { maxAttempts: 1 } });
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'CI' });
    h.ado.inject({ path: '/_apis/ResourceAreas', status: 503 });
    await expect(h.org().findBuildDefinition(PROJECT, 'CI')).rejects.toMatchObject({ code: 'AZURE_DEVOPS.UNAVAILABLE' });
    await expect(h.org().findBuildDefinition(PROJECT, 'CI')).resolves.toMatchObject({ name: 'CI' });
  });

  it('needs a credential: passed in or configured', async () => {
    h = await startHarness();
    const client = new AzureDevOpsClient({ allowedOrgUrls: [h.orgUrl] });
    expect(() => client.forOrganization(h.orgUrl)).toThrow(expect.objectContaining({ code: 'AZURE_DEVOPS.INVALID_ARGUMENT' }));
    const configured = new AzureDevOpsClient({ allowedOrgUrls: [h.orgUrl], defaultCredential: patCredential(TOKEN) });
    h.ado.org('fabrikam').addProject(PROJECT);
    await configured.forOrganization(h.orgUrl).findBuildDefinition(PROJECT, 'CI');
    expect(h.ado.calls.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`);
  });
});
