import { readFixtureJson } from '@switchyard/testing';
import { AzureDevOpsTestServer } from './azure-devops-test-server';

type Example = { responses: Record<string, { body: Record<string, unknown> }> };
const exampleBody = (path: string) => Object.values(readFixtureJson<Example>(path).responses)[0].body;

describe('AzureDevOpsTestServer', () => {
  let ado: AzureDevOpsTestServer;
  const json = { accept: 'application/json;api-version=7.1', 'content-type': 'application/json' };

  beforeEach(async () => {
    ado = await AzureDevOpsTestServer.start();
  });
  afterEach(() => ado.close());

  describe('answers shaped like the REST examples', () => {
    it('queue build (build/5.0/POST__build_builds.json)', async () => {
      const org = ado.org('fabrikam');
      org.addDefinition({ project: 'Fabrikam-Fiber-Git', name: 'VsoBuildApi', id: 25 });
      const example = readFixtureJson<{ parameters: { body: unknown } }>('rest/build/5.0/POST__build_builds.json');
      const response = await fetch(`${ado.orgUrl('fabrikam')}Fabrikam-Fiber-Git/_apis/build/builds`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(example.parameters.body),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(expect.arrayContaining(Object.keys(exampleBody('rest/build/5.0/POST__build_builds.json'))));
      expect(body).toMatchObject({ definition: { id: 25 }, sourceBranch: 'refs/heads/master', status: 'notStarted' });
      expect(body.parameters).toBe((example.parameters.body as { parameters: string }).parameters);
    });

    it('build timeline records (build/5.0/GET__build_builds__knownBuildId__timeline.json)', async () => {
      const org = ado.org('fabrikam');
      const build = org.addBuild({ project: 'P', definitionId: org.addDefinition({ project: 'P', name: 'CI' }).id });
      org.setTimeline(build.id, [{ type: 'Task', name: 'Build' }]);
      const body = (await (await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds/${build.id}/timeline`, { headers: json })).json()) as {
        records: Record<string, unknown>[];
      };
      const example = exampleBody('rest/build/5.0/GET__build_builds__knownBuildId__timeline.json') as { records: Record<string, unknown>[] };
      expect(Object.keys(body)).toEqual(expect.arrayContaining(Object.keys(example)));
      expect(Object.keys(body.records[0])).toEqual(expect.arrayContaining(Object.keys(example.records[0])));
    });

    it('work item (wit/7.1/GET__wit_WorkItems_id.json) and create log (distributedtask CreateLog)', async () => {
      ado.org('fabrikam').addWorkItem({ id: 1 });
      const item = (await (await fetch(`${ado.orgUrl('fabrikam')}_apis/wit/workitems/1`, { headers: json })).json()) as Record<string, unknown>;
      expect(Object.keys(item)).toEqual(expect.arrayContaining(Object.keys(exampleBody('rest/wit/7.1/GET__wit_WorkItems_id.json'))));
      const log = await fetch(
        `${ado.orgUrl('fabrikam')}aa3e5eef-0731-4b32-9a91-78fc6ce07f03/_apis/distributedtask/hubs/checks/plans/787562d7-f1da-59cf-22c4-8a94fa784503/logs`,
        { method: 'POST', headers: json, body: JSON.stringify({ path: 'logs\\x' }) },
      );
      const example = exampleBody('rest/distributedtask/7.1/POST__distributedtask_CreateLog_.json');
      expect(Object.keys((await log.json()) as object)).toEqual(expect.arrayContaining(Object.keys(example)));
    });
  });

  it('records every call with method, path, query, headers and body', async () => {
    await fetch(`${ado.orgUrl('tfs/DefaultCollection')}Proj/_apis/build/definitions?name=CI&api-version=7.1`, {
      headers: { authorization: 'Bearer abc' },
    });
    expect(ado.calls).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/tfs/DefaultCollection/Proj/_apis/build/definitions',
        query: { name: 'CI', 'api-version': '7.1' },
        headers: expect.objectContaining({ authorization: 'Bearer abc' }),
        org: 'tfs/DefaultCollection',
        status: 404,
      }),
    ]);
  });

  it.each([
    ['8.0', 'VssVersionOutOfRangeException', 'The requested REST API version of 8.0 is out of range for this server. The latest REST API version this server supports is 7.2.'],
    ['7.2', 'VssInvalidPreviewVersionException', 'The requested version "7.2" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "7.2-preview"'],
    ['latest', 'VssInvalidApiVersionException', "The api-version 'latest' is not valid"],
  ])('answers api-version=%s with 400 %s, in the query or the Accept header', async (version, typeKey, message) => {
    ado.org('fabrikam').addProject('P');
    for (const [query, accept] of [[`?api-version=${version}`, 'application/json'], ['', `application/json;api-version=${version}`]]) {
      const response = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds${query}`, { headers: { accept } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ $id: '1', innerException: null, message: expect.stringContaining(message), typeKey, errorCode: 0, eventId: 3000 });
    }
  });

  it.each(['7.1', '7.2-preview', '7.2-preview.7', '2.0-preview.1', '5.0'])('accepts api-version=%s', async (version) => {
    ado.org('fabrikam').addProject('P');
    expect((await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds?api-version=${version}`)).status).toBe(200);
  });

  it('answers 400 without an api-version and 404 for an unknown route, with an Azure DevOps error body', async () => {
    ado.org('fabrikam').addProject('P');
    const noVersion = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds`);
    expect(noVersion.status).toBe(400);
    expect(((await noVersion.json()) as { message: string }).message).toContain('api-version');
    const unknown = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/nothing/here?api-version=7.1`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ message: expect.stringContaining('no route'), typeKey: expect.any(String) });
  });

  it('with knownPlansOnly answers 404 for a plan of another project or hub, and serves the seeded one', async () => {
    const strict = await AzureDevOpsTestServer.start({ knownPlansOnly: true });
    try {
      const projectId = 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03';
      const planId = '787562d7-f1da-59cf-22c4-8a94fa784503';
      strict.org('fabrikam').plan(projectId, 'checks', planId);
      const createLog = (scope: string, hub: string) =>
        fetch(`${strict.orgUrl('fabrikam')}${scope}/_apis/distributedtask/hubs/${hub}/plans/${planId}/logs`, { method: 'POST', headers: json, body: JSON.stringify({ path: 'log' }) });
      expect((await createLog(projectId, 'checks')).status).toBe(200);
      const otherHub = await createLog(projectId, 'build');
      expect(otherHub.status).toBe(404);
      expect(await otherHub.json()).toMatchObject({ typeKey: 'TaskOrchestrationPlanNotFoundException', message: expect.stringContaining(planId) });
      expect((await createLog('0f0e0d0c-0b0a-0908-0706-050403020100', 'checks')).status).toBe(404);
      expect(strict.org('fabrikam').planById(planId)?.logs).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('applies injected faults to the next N matching calls only', async () => {
    ado.inject({ path: '/_apis/build', method: 'OPTIONS', times: 2, status: 429, retryAfter: 7 });
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${ado.orgUrl('fabrikam')}_apis/build`, { method: 'OPTIONS' });
      statuses.push([response.status, response.headers.get('retry-after')]);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([
      [429, '7'],
      [429, '7'],
      [200, null],
    ]);
    expect(ado.faults.pending).toBe(0);
  });

  it('ignores tags in a queue request, as Azure DevOps does; POST …/tags adds them', async () => {
    ado.org('fabrikam').addDefinition({ project: 'P', name: 'CI', id: 1 });
    const queued = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ definition: { id: 1 }, tags: ['release'] }),
    });
    const build = (await queued.json()) as { id: number; tags: string[] };
    expect(build.tags).toEqual([]);
    const tagged = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds/${build.id}/tags`, { method: 'POST', headers: json, body: JSON.stringify(['release']) });
    expect(await tagged.json()).toEqual({ count: 1, value: ['release'] });
  });

  it('pages a build list cut by $top with x-ms-continuationtoken, and refuses a token it never gave', async () => {
    const org = ado.org('fabrikam');
    const definitionId = org.addDefinition({ project: 'P', name: 'CI' }).id;
    for (let i = 0; i < 5; i++) org.addBuild({ project: 'P', definitionId });
    const page = async (token?: string) => {
      const query = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
      const response = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds?$top=2${query}`, { headers: json });
      const body = (await response.json()) as { count: number; value: Array<{ id: number }> };
      return { ids: body.value.map((build) => build.id), token: response.headers.get('x-ms-continuationtoken') ?? undefined };
    };
    const first = await page();
    const second = await page(first.token);
    const third = await page(second.token);
    expect([first.ids, second.ids, third.ids]).toEqual([[5, 4], [3, 2], [1]]);
    expect(third.token).toBeUndefined();
    const all = await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds`, { headers: json });
    expect(all.headers.get('x-ms-continuationtoken')).toBeNull();
    expect((await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds?continuationToken=nonsense`, { headers: json })).status).toBe(400);
  });

  describe('build work items (GET/POST …/build/builds/{id}/workitems)', () => {
    const seed = () => {
      const org = ado.org('fabrikam');
      const build = org.addBuild({ project: 'P', definitionId: org.addDefinition({ project: 'P', name: 'CI' }).id });
      org.linkWorkItems(build.id, Array.from({ length: 60 }, (_, index) => index + 1), 'c0ffee');
      return build.id;
    };
    const ids = async (response: Response) => ((await response.json()) as { count: number; value: Array<{ id: string }> }).value.map((ref) => Number(ref.id));

    it('lists at most 50 without $top, as Azure DevOps does', async () => {
      const build = seed();
      const listed = await ids(await fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds/${build}/workitems`, { headers: json }));
      expect(listed).toHaveLength(50);
    });

    it('honours $top, in the GET and the POST (commits) form', async () => {
      const build = seed();
      const url = (top: number) => `${ado.orgUrl('fabrikam')}P/_apis/build/builds/${build}/workitems?$top=${top}`;
      expect(await ids(await fetch(url(1000), { headers: json }))).toHaveLength(60);
      expect(await ids(await fetch(url(7), { headers: json }))).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await ids(await fetch(url(55), { method: 'POST', headers: json, body: JSON.stringify(['c0ffee']) }))).toHaveLength(55);
    });
  });

  describe('credentials it was not told to accept', () => {
    let strict: AzureDevOpsTestServer;
    beforeEach(async () => {
      strict = await AzureDevOpsTestServer.start({ acceptTokens: ['good'] });
    });
    afterEach(() => strict.close());
    const call = (headers: Record<string, string>) => fetch(`${strict.orgUrl('o')}_apis/build`, { method: 'OPTIONS', headers });
    const suppress = { 'x-tfs-fedauthredirect': 'Suppress' };

    it('are refused with 401 in Basic or Bearer form when the caller suppresses the sign-in redirect', async () => {
      expect((await call({ authorization: 'Bearer good' })).status).toBe(200);
      expect((await call({ authorization: `Basic ${Buffer.from(':good').toString('base64')}` })).status).toBe(200);
      const bearer = await call({ ...suppress, authorization: 'Bearer bad' });
      expect(bearer.status).toBe(401);
      expect(bearer.headers.get('www-authenticate')).toContain('Basic');
      expect((await call({ ...suppress, authorization: `Basic ${Buffer.from('user:bad').toString('base64')}` })).status).toBe(401);
      expect((await call(suppress)).status).toBe(401);
    });

    it('get a 203 HTML sign-in page otherwise, as dev.azure.com answers', async () => {
      for (const headers of [{ authorization: 'Bearer bad' }, {}] as Array<Record<string, string>>) {
        const response = await call(headers);
        expect(response.status).toBe(203);
        expect(response.headers.get('content-type')).toContain('text/html');
        expect(await response.text()).toContain('Sign In');
      }
    });
  });

  describe('faults on the way back', () => {
    const queue = () =>
      fetch(`${ado.orgUrl('fabrikam')}P/_apis/build/builds?api-version=7.1`, { method: 'POST', headers: json, body: JSON.stringify({ definition: { id: 1 } }) });
    beforeEach(() => ado.org('fabrikam').addDefinition({ project: 'P', name: 'CI', id: 1 }));

    it('drops the connection without doing the work by default', async () => {
      ado.inject({ path: '/build/builds', method: 'POST', reset: true });
      await expect(queue()).rejects.toThrow('fetch failed');
      expect(ado.org('fabrikam').builds.size).toBe(0);
    });

    it('does the work first with afterProcessing, and then loses the answer', async () => {
      ado.inject({ path: '/build/builds', method: 'POST', reset: true, afterProcessing: true });
      await expect(queue()).rejects.toThrow('fetch failed');
      expect(ado.org('fabrikam').builds.size).toBe(1);
      expect(ado.calls[0].status).toBe(200);
    });

    it('answers a processed call with an injected status, as a gateway would', async () => {
      ado.inject({ path: '/build/builds', method: 'POST', status: 503, afterProcessing: true });
      expect((await queue()).status).toBe(503);
      expect(ado.org('fabrikam').builds.size).toBe(1);
    });

    it('cuts a body off after truncateBodyAt bytes, under a Content-Length for all of it', async () => {
      ado.inject({ path: '/build/builds', method: 'POST', truncateBodyAt: 10 });
      const response = await queue();
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(10);
      await expect(response.text()).rejects.toThrow();
    });

    it('trickles a body a byte at a time, and closes promptly meanwhile', async () => {
      ado.inject({ path: '/build/builds', method: 'POST', trickleMs: 20 });
      const response = await queue();
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.value).toHaveLength(1);
      const started = Date.now();
      await ado.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect(reader.read()).rejects.toThrow();
    });
  });

  it('closes promptly even while an injected delay is pending', async () => {
    ado.inject({ path: '/_apis/build', delayMs: 60_000 });
    const pending = fetch(`${ado.orgUrl('o')}_apis/build`, { method: 'OPTIONS' }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await ado.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    // fetch rejects (TypeError from Node's realm, hence no instanceof): the socket was destroyed.
    expect(await pending).toHaveProperty('message', 'fetch failed');
  });
});
