import { BuildQueued, Topics } from '@switchyard/contracts';
import type { FaultSpec } from '@switchyard/azure-devops/test-server';
import { AzureDevOpsError, AzureDevOpsErrorCodes, type Build, type OrganizationClient } from '@switchyard/azure-devops';
import type { DueEvent } from '../src/coalesce/due-message';
import { laterCopy } from '../src/queue-build/retry-later';
import { clockSkewMarginMs, findUncertainBuild, uncertainSinceKey } from '../src/queue-build/uncertain-queue';
import { appCi, rulesFor, timeWarp, type AskedLater } from './later-copies';
import { sleep, TriggerHarness } from './trigger-harness';

const appCiOnRelease = rulesFor('{ project: Fabrikam, definition: app-ci, sourceBranch: release/x }');
const queuePost = /\/_apis\/build\/builds$/;
const adoptedLog = 'adopted the build the uncertain queue request created';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const slotTagOf = (tags: readonly string[]) => tags.filter((tag) => tag.startsWith('switchyard:'));

describe('a queue request whose outcome is unknown (the later try adopts the build it may have created)', () => {
  let harness: TriggerHarness;
  let asked: AskedLater[];
  afterEach(async () => harness?.close());

  async function start(rules: string, ...faults: FaultSpec[]) {
    asked = [];
    harness = await TriggerHarness.start({ rules, wrapBus: timeWarp(asked) });
    for (const fault of faults) harness.server.inject(fault);
  }

  /** Waits for the outcome, then a little more, so a second BuildQueued or queue request would show. */
  async function settled() {
    await harness.outcomes.waitFor(1, 8000);
    await sleep(500);
  }

  it.each<[string, FaultSpec]>([
    ['its answer is lost (connection reset after the build was queued)', { path: queuePost, method: 'POST', afterProcessing: true, reset: true }],
    ['it is answered 503 after the build was queued', { path: queuePost, method: 'POST', afterProcessing: true, status: 503 }],
    ['its 2xx answer is cut off (INVALID_RESPONSE: tried again later, not dead-lettered)', { path: queuePost, method: 'POST', truncateBodyAt: 40 }],
  ])('queues exactly one build, tagged, and publishes BuildQueued once, when %s', async (_why, fault) => {
    await start(appCi, fault);
    const before = Date.now();
    await harness.publish(harness.hookEvent());
    await settled();
    expect(harness.queueCalls()).toHaveLength(1);
    expect(harness.builds()).toHaveLength(1);
    const [build] = harness.builds();
    expect(slotTagOf(build!.tags)).toHaveLength(1);
    expect(build!.tags).toEqual(expect.arrayContaining(['switchyard', 'switchyard-rule:app-on-lib-merge', expect.stringMatching(/^pr:.+!\d+$/)]));
    expect(asked).toEqual([expect.objectContaining({ id: expect.stringMatching(/#later-1$/) })]);
    expect(asked[0]!.inMs).toBeGreaterThan(29_000);
    // The handler's time just before the uncertain request.
    const since = Date.parse(asked[0]!.metadata?.[uncertainSinceKey] ?? '');
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.parse(build!.queueTime));
    expect(harness.logs.filter((line) => line.includes(`"msg":"${adoptedLog}"`))).toHaveLength(1);
    expect(harness.logs.join('\n')).toContain(`"buildId":${build!.id}`);
    const queued = harness.outcomes.events.filter((event) => event.type === BuildQueued.type);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data).toMatchObject({ buildId: build!.id, definition: { id: 7 } });
    expect(await harness.bus.deadLetters(Topics.buildTrigger, 'build-trigger').list()).toEqual([]);
  });

  it('queues one build on the later try when the 503 came before anything was queued', async () => {
    await start(appCi, { path: queuePost, method: 'POST', status: 503 });
    await harness.publish(harness.hookEvent());
    await settled();
    expect(harness.queueCalls().map((call) => call.status)).toEqual([503, 200]);
    expect(harness.builds()).toHaveLength(1);
    expect(slotTagOf(harness.builds()[0]!.tags)).toHaveLength(1);
    expect(asked[0]!.metadata?.[uncertainSinceKey]).toEqual(expect.any(String));
    expect(harness.logs.join('\n')).not.toContain(adoptedLog);
    expect(harness.outcomes.events.filter((event) => event.type === BuildQueued.type)).toHaveLength(1);
  });

  it.each([
    ['and nothing was queued: the later try queues a new build', false],
    ['and a build was queued: the later try adopts that one', true],
  ])('does not adopt an untagged build of the definition queued before the uncertain request (%s)', async (_why, processed) => {
    await start(appCi, { path: queuePost, method: 'POST', status: 503, afterProcessing: processed });
    // Queued by hand 10 minutes ago, before the request less the 2 min margin for clock skew.
    const earlier = harness.org.addBuild({ project: 'Fabrikam', definitionId: 7, queueTime: minutesAgo(10) });
    await harness.publish(harness.hookEvent());
    await settled();
    expect(harness.builds()).toHaveLength(2);
    expect(harness.org.builds.get(earlier.id)!.tags).toEqual([]);
    const ours = harness.builds().find((build) => build.id !== earlier.id)!;
    expect(slotTagOf(ours.tags)).toHaveLength(1);
    expect(harness.queueCalls().map((call) => call.status)).toEqual(processed ? [503] : [503, 200]);
    expect(harness.logs.join('\n').includes(adoptedLog)).toBe(processed);
    expect(harness.outcomes.events.filter((event) => event.type === BuildQueued.type)[0]!.data).toMatchObject({ buildId: ours.id });
  });

  it('adopts the oldest of several untagged builds in the window, and none of another branch, queued by CI, with other parameters or carrying a merge tag', async () => {
    await start(appCiOnRelease, { path: queuePost, method: 'POST', status: 503, afterProcessing: true });
    const org = harness.org;
    // Inside the margin before the request: the oldest candidate, so adopted (Azure DevOps' clock may be behind ours).
    const oldest = org.addBuild({ project: 'Fabrikam', definitionId: 7, sourceBranch: 'refs/heads/release/x', queueTime: minutesAgo(1) });
    const otherBranch = org.addBuild({ project: 'Fabrikam', definitionId: 7, sourceBranch: 'refs/heads/main', queueTime: minutesAgo(1.5) });
    const otherSlot = org.addBuild({ project: 'Fabrikam', definitionId: 7, sourceBranch: 'refs/heads/release/x', queueTime: minutesAgo(1.8), tags: ['switchyard:0123456789abcdef'] });
    // Older than `oldest` and inside the window too, but not queued the way the trigger queues.
    const byCi = org.addBuild({ project: 'Fabrikam', definitionId: 7, sourceBranch: 'refs/heads/release/x', queueTime: minutesAgo(1.9), reason: 'individualCI' });
    const otherParameters = org.addBuild({ project: 'Fabrikam', definitionId: 7, sourceBranch: 'refs/heads/release/x', queueTime: minutesAgo(1.95), templateParameters: { env: 'prod' } });
    await harness.publish(harness.hookEvent());
    await settled();
    expect(harness.queueCalls()).toHaveLength(1);
    expect(slotTagOf(org.builds.get(oldest.id)!.tags)).toHaveLength(1);
    expect(org.builds.get(otherBranch.id)!.tags).toEqual([]);
    expect(org.builds.get(otherSlot.id)!.tags).toEqual(['switchyard:0123456789abcdef']);
    expect([org.builds.get(byCi.id)!.tags, org.builds.get(otherParameters.id)!.tags]).toEqual([[], []]);
    const created = harness.builds().filter((build) => ![oldest.id, otherBranch.id, otherSlot.id, byCi.id, otherParameters.id].includes(build.id));
    expect(created).toHaveLength(1);
    expect(created[0]!.sourceBranch).toBe('refs/heads/release/x');
    expect(created[0]!.tags).toEqual([]);
    expect(harness.outcomes.events.filter((event) => event.type === BuildQueued.type).map((event) => event.data)).toEqual([expect.objectContaining({ buildId: oldest.id })]);
    const [list] = harness.server.callsMatching(queuePost, 'GET').filter((call) => call.query.minTime !== undefined);
    expect(list!.query).toMatchObject({ definitions: '7', branchName: 'refs/heads/release/x', queryOrder: '5' });
  });

  it.each([
    ['for now (503): tried again later, then tagged', 503, true],
    ['for good (403): adopted untagged, not dead-lettered', 403, false],
  ])('adopts the build when adding its tags fails %s', async (_why, status, tagged) => {
    await start(appCi, { path: queuePost, method: 'POST', status: 503, afterProcessing: true });
    // The client resends a tag call up to its attempts; this fails all of the first adoption's.
    harness.server.inject({ path: /\/_apis\/build\/builds\/\d+\/tags$/, method: 'POST', status, times: status === 503 ? 4 : 1 });
    await harness.publish(harness.hookEvent());
    await settled();
    expect(harness.queueCalls()).toHaveLength(1);
    expect(harness.builds()).toHaveLength(1);
    expect(slotTagOf(harness.builds()[0]!.tags)).toHaveLength(tagged ? 1 : 0);
    expect(asked.map((copy) => copy.id)).toEqual(tagged ? [expect.stringMatching(/#later-1$/), expect.stringMatching(/#later-2$/)] : [expect.stringMatching(/#later-1$/)]);
    expect(harness.outcomes.events.filter((event) => event.type === BuildQueued.type)).toHaveLength(1);
    expect(await harness.bus.deadLetters(Topics.buildTrigger, 'build-trigger').list()).toEqual([]);
  });

  it('never adopts after a failure that queued nothing for sure (429): an untagged build in the window is left alone', async () => {
    await start(appCi, { path: queuePost, method: 'POST', status: 429, retryAfter: 30 });
    const manual = harness.org.addBuild({ project: 'Fabrikam', definitionId: 7, queueTime: new Date().toISOString() });
    await harness.publish(harness.hookEvent());
    await settled();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.metadata?.[uncertainSinceKey]).toBeUndefined();
    expect(harness.queueCalls().map((call) => call.status)).toEqual([429, 200]);
    expect(harness.builds()).toHaveLength(2);
    expect(harness.org.builds.get(manual.id)!.tags).toEqual([]);
    expect(harness.logs.join('\n')).not.toContain(adoptedLog);
    expect(harness.server.callsMatching(queuePost, 'GET').filter((call) => call.query.minTime !== undefined)).toHaveLength(0);
  });
});

describe('laterCopy and the uncertain queue time', () => {
  const due = { id: 'build-trigger-abc', metadata: {} } as unknown as DueEvent;
  const unavailable = new AzureDevOpsError(AzureDevOpsErrorCodes.UNAVAILABLE, '503', { status: 503, outcomeUnknown: true });

  it('tries an unreadable 2xx queue answer again later (the build exists), but no other permanent failure', () => {
    const unreadable = new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_RESPONSE, 'unreadable', { outcomeUnknown: true });
    expect(laterCopy(due, unreadable, 1_000_000, 900_000)?.event.metadata).toMatchObject({ [uncertainSinceKey]: new Date(900_000).toISOString() });
    expect(laterCopy(due, new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_RESPONSE, 'unreadable'))).toBeUndefined();
    expect(laterCopy(due, new AzureDevOpsError(AzureDevOpsErrorCodes.FORBIDDEN, '403', { status: 403 }))).toBeUndefined();
  });

  it('records the time when given, and keeps the earliest through later copies', () => {
    const first = laterCopy(due, unavailable, 1_000_000, 900_000)!;
    expect(first.event.metadata).toMatchObject({ retryLater: '1', [uncertainSinceKey]: new Date(900_000).toISOString() });
    const second = laterCopy(first.event, unavailable, 2_000_000, 1_950_000)!;
    expect(second.event.metadata).toMatchObject({ retryLater: '2', [uncertainSinceKey]: new Date(900_000).toISOString() });
    const third = laterCopy(second.event, unavailable, 3_000_000)!;
    expect(third.event.metadata?.[uncertainSinceKey]).toBe(new Date(900_000).toISOString());
    expect(laterCopy(due, unavailable, 1_000_000)!.event.metadata?.[uncertainSinceKey]).toBeUndefined();
  });

  it('waits as long as a Retry-After longer than the backoff asks, but never longer than 15 min', () => {
    const throttled = (seconds: number) => new AzureDevOpsError(AzureDevOpsErrorCodes.THROTTLED, '429', { status: 429, retryAfterMs: seconds * 1000 });
    const delayOf = (seconds: number) => laterCopy(due, throttled(seconds), 1_000_000)!.at.getTime() - 1_000_000;
    expect(delayOf(0)).toBe(30_000);
    expect(delayOf(120)).toBe(120_000);
    expect(delayOf(2 * 3600)).toBe(15 * 60_000);
  });
});

describe('findUncertainBuild', () => {
  it('never takes a build queued before the window, even when the list returns one (it filters by its own time)', async () => {
    const since = new Date('2026-01-01T12:00:00.000Z');
    const at = (ms: number) => new Date(since.getTime() + ms).toISOString();
    const build = (id: number, queueTime: string): Build => ({ id, queueTime, tags: [], reason: 'manual', definition: { id: 7 } });
    const listed = [build(1, at(-clockSkewMarginMs - 1_000)), build(2, at(-clockSkewMarginMs + 1_000))];
    const client = { listBuildsQueuedSince: async () => listed } as unknown as OrganizationClient;
    const found = await findUncertainBuild(client, { project: 'Fabrikam', definitionId: 7, templateParameters: {}, since });
    expect(found?.id).toBe(2);
    listed.pop();
    expect(await findUncertainBuild(client, { project: 'Fabrikam', definitionId: 7, templateParameters: {}, since })).toBeUndefined();
  });
});
