import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { PROJECT, TOKEN, caught, quickRetry, startHarness, type Harness } from '../spec-support/harness';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('builds of a definition queued since a time, and tagging a queued build', () => {
  let h: Harness;
  const definitionId = 25;

  beforeEach(async () => {
    h = await startHarness({ retry: quickRetry(3) });
    const org = h.ado.org('fabrikam');
    org.addDefinition({ project: PROJECT, name: 'Deploy', id: definitionId, defaultBranch: 'refs/heads/main' });
    org.addDefinition({ project: PROJECT, name: 'Other', id: 26 });
  });
  afterEach(() => h.ado.close());

  it('lists builds of the definition and branch queued at or after minTime, any tags, oldest first', async () => {
    const org = h.ado.org('fabrikam');
    org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(30) });
    const late = org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(1), tags: ['switchyard:abc'] });
    const early = org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(4), status: 'completed', result: 'succeeded', finishTime: minutesAgo(3) });
    org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(2), sourceBranch: 'refs/heads/feature/x' });
    org.addBuild({ project: PROJECT, definitionId: 26, queueTime: minutesAgo(2) });
    const found = await h.org().listBuildsQueuedSince({ project: PROJECT, definitionId, branchName: 'main', minTime: new Date(Date.now() - 5 * 60_000), status: 'all' });
    expect(found.map((build) => build.id)).toEqual([early.id, late.id]);
    expect(found[1]!.tags).toEqual(['switchyard:abc']);
    const [call] = h.ado.callsMatching(/\/_apis\/build\/builds$/, 'GET');
    expect(call!.query).toMatchObject({ definitions: String(definitionId), branchName: 'refs/heads/main', queryOrder: '5', statusFilter: '47' });
    // azure-devops-node-api writes the date as toUTCString (to the second), which the real service accepts.
    expect(Date.parse(call!.query.minTime!)).toBeGreaterThan(Date.now() - 5 * 60_000 - 2000);
  });

  it('lists any branch when none is given, and nothing before minTime', async () => {
    const org = h.ado.org('fabrikam');
    org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(10) });
    const other = org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(1), sourceBranch: 'refs/heads/feature/x' });
    await expect(h.org().listBuildsQueuedSince({ project: PROJECT, definitionId, minTime: new Date(Date.now() - 5 * 60_000) })).resolves.toEqual([
      expect.objectContaining({ id: other.id, sourceBranch: 'refs/heads/feature/x' }),
    ]);
    expect(h.ado.callsMatching(/\/_apis\/build\/builds$/, 'GET')[0]!.query.branchName).toBeUndefined();
  });

  it('the test server applies minTime to the time the query order names, finish time without one, and sorts by it', async () => {
    const org = h.ado.org('fabrikam');
    const queuedLongAgo = org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(60), finishTime: minutesAgo(1), status: 'completed' });
    const queuedRecently = org.addBuild({ project: PROJECT, definitionId, queueTime: minutesAgo(2) });
    const listed = async (query: string) => {
      const response = await fetch(`${h.orgUrl}${PROJECT}/_apis/build/builds?api-version=7.1&definitions=${definitionId}&${query}`, {
        headers: { authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}` },
      });
      const body = (await response.json()) as { value?: { id: number }[] };
      return { status: response.status, ids: body.value?.map((build) => build.id) };
    };
    const since = encodeURIComponent(new Date(Date.now() - 5 * 60_000).toUTCString());
    await expect(listed(`minTime=${since}&queryOrder=queueTimeAscending`)).resolves.toEqual({ status: 200, ids: [queuedRecently.id] });
    await expect(listed(`minTime=${since}`)).resolves.toEqual({ status: 200, ids: [queuedLongAgo.id] });
    await expect(listed('queryOrder=queueTimeDescending')).resolves.toEqual({ status: 200, ids: [queuedRecently.id, queuedLongAgo.id] });
    await expect(listed('queryOrder=4')).resolves.toEqual({ status: 200, ids: [queuedRecently.id, queuedLongAgo.id] });
    await expect(listed('queryOrder=queueTimeAscending')).resolves.toEqual({ status: 200, ids: [queuedLongAgo.id, queuedRecently.id] });
    await expect(listed('queryOrder=sideways')).resolves.toMatchObject({ status: 400 });
    await expect(listed('minTime=yesterday')).resolves.toMatchObject({ status: 400 });
  });

  it('adds tags to a build, resending the request after a 503 (adding to a set twice is harmless)', async () => {
    const build = h.ado.org('fabrikam').addBuild({ project: PROJECT, definitionId, tags: ['existing'] });
    h.ado.inject({ path: /\/builds\/\d+\/tags$/, method: 'POST', status: 503, afterProcessing: true, times: 1 });
    await expect(h.org().addBuildTags(PROJECT, build.id, ['switchyard:abc', 'switchyard', 'switchyard'])).resolves.toEqual(['existing', 'switchyard:abc', 'switchyard']);
    expect(h.ado.org('fabrikam').builds.get(build.id)?.tags).toEqual(['existing', 'switchyard:abc', 'switchyard']);
    expect(h.ado.callsMatching(/\/tags$/, 'POST')).toHaveLength(2);
    expect(h.ado.callsMatching(/\/tags$/, 'POST')[0]!.json).toEqual(['switchyard:abc', 'switchyard']);
  });

  it('rejects bad arguments before calling the server', async () => {
    const org = h.org();
    await expect(org.listBuildsQueuedSince({ project: PROJECT, definitionId: 0, minTime: new Date() })).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    await expect(org.listBuildsQueuedSince({ project: PROJECT, definitionId, minTime: new Date('nope') })).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    await expect(org.listBuildsQueuedSince({ project: PROJECT, definitionId, minTime: new Date(), branchName: '' })).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    expect(await caught(org.addBuildTags(PROJECT, 1, []))).toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    await expect(org.addBuildTags(PROJECT, 1, [' '])).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    expect(h.ado.calls).toHaveLength(0);
  });
});
