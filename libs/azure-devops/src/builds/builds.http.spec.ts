import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { PROJECT, caught, startHarness, type Harness } from '../spec-support/harness';

describe('build operations against the test server', () => {
  let h: Harness;
  let definitionId: number;

  beforeEach(async () => {
    h = await startHarness();
    const org = h.ado.org('fabrikam');
    org.addDefinition({ project: PROJECT, name: 'Web CI', id: 7 });
    definitionId = org.addDefinition({ project: PROJECT, name: 'Deploy', id: 25, defaultBranch: 'refs/heads/master' }).id;
    org.addDefinition({ project: 'Other', name: 'Deploy', id: 30 });
  });
  afterEach(() => h.ado.close());

  it('finds a definition by exact name, case-insensitively, within the project', async () => {
    await expect(h.org().findBuildDefinition(PROJECT, 'deploy')).resolves.toMatchObject({ id: 25, name: 'Deploy', projectName: PROJECT });
    await expect(h.org().findBuildDefinition('Other', 'Deploy')).resolves.toMatchObject({ id: 30 });
    await expect(h.org().findBuildDefinition(PROJECT, 'Missing')).resolves.toBeUndefined();
    expect(h.ado.callsMatching('/_apis/build/definitions').map((call) => call.query.name)).toEqual(['deploy', 'Deploy', 'Missing']);
  });

  it('remembers a found definition but not a miss', async () => {
    await h.org().findBuildDefinition(PROJECT, 'Deploy');
    await h.org().findBuildDefinition(PROJECT, 'DEPLOY');
    await h.org().findBuildDefinition(PROJECT, 'Later');
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Later' });
    await expect(h.org().findBuildDefinition(PROJECT, 'Later')).resolves.toMatchObject({ name: 'Later' });
    expect(h.ado.callsMatching('/_apis/build/definitions').map((call) => call.query.name)).toEqual(['Deploy', 'Later', 'Later']);
  });

  it('returns every definition sharing a name in different folders, and remembers none of them', async () => {
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Deploy', path: '\\team-b', id: 26 });
    const found = await h.org().findBuildDefinition(PROJECT, 'deploy');
    expect(found?.sameName?.map((ref) => [ref.path, ref.name, ref.id])).toEqual([
      ['\\', 'Deploy', 25],
      ['\\team-b', 'Deploy', 26],
    ]);
    await h.org().findBuildDefinition(PROJECT, 'deploy');
    expect(h.ado.callsMatching('/_apis/build/definitions')).toHaveLength(2);
  });

  it('picks a definition by its folder path, \\folder\\name (\\name for the root folder), in any case', async () => {
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Deploy', path: '\\team-b', id: 26 });
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Deploy', path: '\\team-b\\nightly', id: 27 });
    const idOf = async (path: string) => {
      const found = await h.org().findBuildDefinition(PROJECT, path);
      return found && { id: found.id, sameName: found.sameName };
    };
    await expect(idOf('\\team-b\\Deploy')).resolves.toEqual({ id: 26, sameName: undefined });
    await expect(idOf('\\TEAM-B\\nightly\\deploy')).resolves.toEqual({ id: 27, sameName: undefined });
    await expect(idOf('\\Deploy')).resolves.toEqual({ id: 25, sameName: undefined });
    await expect(idOf('\\team-c\\Deploy')).resolves.toBeUndefined();
    // The folder is matched here: Azure DevOps is asked by name alone.
    expect(h.ado.callsMatching('/_apis/build/definitions').map((call) => call.query.name)).toEqual(['Deploy', 'deploy', 'Deploy', 'Deploy']);
  });

  it('makes one request for concurrent lookups of the same definition, and a failed one is not remembered', async () => {
    const org = h.org();
    const found = await Promise.all(Array.from({ length: 5 }, () => org.findBuildDefinition(PROJECT, 'Deploy')));
    expect(found.map((ref) => ref?.id)).toEqual([25, 25, 25, 25, 25]);
    expect(h.ado.callsMatching('/_apis/build/definitions')).toHaveLength(1);

    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Flaky', id: 40 });
    h.ado.inject({ path: '/_apis/build/definitions', status: 400, delayMs: 20 });
    const first = await Promise.allSettled([org.findBuildDefinition(PROJECT, 'Flaky'), org.findBuildDefinition(PROJECT, 'flaky')]);
    expect(first.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(org.findBuildDefinition(PROJECT, 'Flaky')).resolves.toMatchObject({ id: 40 });
    expect(h.ado.callsMatching('/_apis/build/definitions')).toHaveLength(3);
  });

  it('queues a build with branch, template parameters, variables and tags', async () => {
    const build = await h.org().queueBuild({
      project: PROJECT,
      definitionId,
      sourceBranch: 'feature/x',
      templateParameters: { environment: 'prod' },
      variables: { 'system.debug': 'true' },
      tags: ['switchyard', 'pr-42', 'switchyard'],
    });
    expect(build).toMatchObject({
      definition: { id: definitionId, name: 'Deploy' },
      status: 'notStarted',
      sourceBranch: 'refs/heads/feature/x',
      templateParameters: { environment: 'prod' },
      parameters: { 'system.debug': 'true' },
      tags: ['switchyard', 'pr-42'],
    });
    const [queueCall] = h.ado.callsMatching('/_apis/build/builds', 'POST');
    // the wire format: parameters is a JSON *string*
    expect(queueCall.json).toMatchObject({ definition: { id: definitionId }, sourceBranch: 'refs/heads/feature/x', parameters: '{"system.debug":"true"}' });
    expect(h.ado.org('fabrikam').builds.get(build.id)?.tags).toEqual(['switchyard', 'pr-42']);
  });

  it('returns the queued build, saying why, when its tags cannot be added (it must not look unqueued)', async () => {
    h.ado.inject({ path: /\/builds\/\d+\/tags$/, method: 'POST', status: 403, times: 1 });
    const build = await h.org().queueBuild({ project: PROJECT, definitionId, tags: ['switchyard'] });
    expect(h.ado.org('fabrikam').builds.get(build.id)).toBeDefined();
    expect(build.tags).toEqual([]);
    expect(build.tagsNotApplied).toMatchObject({ code: AzureDevOpsErrorCodes.FORBIDDEN, message: expect.stringContaining('403') });
  });

  it('names the validation errors of a refused queue, which the server message alone does not', async () => {
    h.ado.org('fabrikam').definitions.get(definitionId)?.requiredTemplateParameters.push('environment');
    const error = await caught(h.org().queueBuild({ project: PROJECT, definitionId }));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.BAD_REQUEST });
    expect((error as Error).message).toContain("validation errors or warnings. A value for the 'environment' parameter must be provided.");
    await expect(h.org().queueBuild({ project: PROJECT, definitionId, templateParameters: { environment: 'prod' } })).resolves.toMatchObject({ id: expect.any(Number) });
  });


  it('queues despite queue-time warnings only when asked to, as the ignoreWarnings query parameter says', async () => {
    const offline = 'There are agents that are capable of running the build, but they are not online.';
    h.ado.org('fabrikam').definitions.get(definitionId)?.queueWarnings.push(offline);
    const error = await caught(h.org().queueBuild({ project: PROJECT, definitionId }));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.BAD_REQUEST });
    expect((error as Error).message).toContain(offline);
    await expect(h.org().queueBuild({ project: PROJECT, definitionId, ignoreWarnings: true })).resolves.toMatchObject({ id: expect.any(Number) });
    expect(h.ado.callsMatching('/_apis/build/builds', 'POST').map((call) => call.query.ignoreWarnings)).toEqual([undefined, 'true']);
  });
  it('gives each queued build a new id', async () => {
    const first = await h.org().queueBuild({ project: PROJECT, definitionId });
    const second = await h.org().queueBuild({ project: PROJECT, definitionId });
    expect(second.id).toBeGreaterThan(first.id);
    expect(first.sourceBranch).toBe('refs/heads/master');
  });

  it('reports a missing definition as NOT_FOUND with the server message', async () => {
    const error = await caught(h.org().queueBuild({ project: PROJECT, definitionId: 999 }));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.NOT_FOUND });
    expect((error as Error).message).toContain('definition with ID 999');
  });

  it('rejects bad arguments before calling the server', async () => {
    await expect(h.org().queueBuild({ project: '', definitionId })).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    await expect(h.org().queueBuild({ project: PROJECT, definitionId: -1 })).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    await expect(h.org().listBuildsByTag({ project: PROJECT, tags: [] })).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT });
    expect(h.ado.calls).toHaveLength(0);
  });

  it('lists builds carrying all given tags, newest first, with status filter', async () => {
    const org = h.ado.org('fabrikam');
    const a = org.addBuild({ project: PROJECT, definitionId, tags: ['pr-1', 'x'], status: 'completed', result: 'succeeded' });
    const b = org.addBuild({ project: PROJECT, definitionId, tags: ['pr-1'], status: 'inProgress' });
    org.addBuild({ project: PROJECT, definitionId, tags: ['pr-2'] });
    const tagged = await h.org().listBuildsByTag({ project: PROJECT, tags: ['pr-1'] });
    expect(tagged.map((build) => build.id)).toEqual([b.id, a.id]);
    const both = await h.org().listBuildsByTag({ project: PROJECT, tags: ['pr-1', 'x'] });
    expect(both.map((build) => build.id)).toEqual([a.id]);
    const completed = await h.org().listBuildsByTag({ project: PROJECT, tags: ['pr-1'], status: 'completed' });
    expect(completed).toEqual([expect.objectContaining({ id: a.id, status: 'completed', result: 'succeeded' })]);
  });

  it('gets a build and sees state changes made between calls', async () => {
    const org = h.ado.org('fabrikam');
    const seeded = org.addBuild({ project: PROJECT, definitionId, status: 'inProgress', sourceVersion: 'abc123' });
    await expect(h.org().getBuild(PROJECT, seeded.id)).resolves.toMatchObject({ status: 'inProgress', sourceVersion: 'abc123' });
    org.updateBuild(seeded.id, { status: 'completed', result: 'failed' });
    await expect(h.org().getBuild(PROJECT, seeded.id)).resolves.toMatchObject({ status: 'completed', result: 'failed' });
    await expect(h.org().getBuild(PROJECT, 4242)).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.NOT_FOUND });
  });

  it('reads the build timeline with task ids (the CmdLine check)', async () => {
    const org = h.ado.org('fabrikam');
    const build = org.addBuild({ project: PROJECT, definitionId });
    org.setTimeline(build.id, [
      { type: 'Job', name: 'Job' },
      { type: 'Task', name: 'CmdLine', task: { id: 'd9bafed4-0b18-4f58-968d-86655b4d2ce9', name: 'CmdLine', version: '2.201.1' }, result: 'succeeded' },
    ]);
    const timeline = await h.org().getBuildTimeline(PROJECT, build.id);
    expect(timeline.records).toHaveLength(2);
    expect(timeline.records[1]).toMatchObject({ type: 'Task', state: 'completed', result: 'succeeded', task: { id: 'd9bafed4-0b18-4f58-968d-86655b4d2ce9' } });
  });

  it('lists work items linked to commits (POST) or to the whole build (GET)', async () => {
    const org = h.ado.org('fabrikam');
    const build = org.addBuild({ project: PROJECT, definitionId, sourceVersion: 'c0ffee' });
    org.linkWorkItems(build.id, [42], 'c0ffee');
    org.linkWorkItems(build.id, [7]);
    await expect(h.org().getBuildWorkItemRefs({ project: PROJECT, buildId: build.id, commitIds: ['c0ffee'] })).resolves.toEqual([
      expect.objectContaining({ id: 42 }),
    ]);
    const all = await h.org().getBuildWorkItemRefs({ project: PROJECT, buildId: build.id });
    expect(all.map((ref) => ref.id).sort()).toEqual([42, 7].sort());
    const [post] = h.ado.callsMatching('/workitems', 'POST');
    expect(post.json).toEqual(['c0ffee']);
  });
});
