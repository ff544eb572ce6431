import { AzureDevOpsErrorCodes, isRetryable } from '../errors/azure-devops-error';
import { bearerCredential } from './credentials';
import { addCiBuild, caught, type Harness, PROJECT, quickRetry, startHarness, TOKEN } from '../spec-support/harness';

const plan = { projectId: 'aa3e5eef-0731-4b32-9a91-78fc6ce07f03', hubName: 'checks', planId: '787562d7-f1da-59cf-22c4-8a94fa784503' };
const timelineId = '0775de16-a197-4395-a53d-c3180474de07';
const recordId = '5e6d5dbf-ac69-5f56-8b85-8e9038703a8b';

// typed-rest-client turns a 2xx body it cannot parse into `null`, which would read as "no records",
// "no work items": a network glitch must not look like an empty answer.
describe('a 2xx answer whose body was cut off', () => {
  let h: Harness;
  let buildId: number;

  beforeEach(async () => {
    h = await startHarness({ retry: quickRetry(3) });
    const org = h.ado.org('fabrikam');
    buildId = addCiBuild(h);
    org.setTimeline(buildId, [{ type: 'Task', name: 'CmdLine' }]);
    org.linkWorkItems(buildId, [1, 2, 3]);
    await h.org(bearerCredential(TOKEN)).updateTimelineRecords(plan, timelineId, [{ id: recordId, state: 'inProgress' }]);
    // Warm discovery so that only the calls under test meet the faults.
    await h.org().getBuildTimeline(PROJECT, buildId);
    await h.org().getBuildWorkItemRefs({ project: PROJECT, buildId });
    h.ado.clearCalls();
  });
  afterEach(() => h.ado.close());

  /** Each read returns how many items it got: an unusable answer must never count as none. */
  const reads: Record<string, { path: string; count: () => Promise<number> }> = {
    'timeline records': { path: '/records', count: async () => (await h.org(bearerCredential(TOKEN)).getTimelineRecords(plan, timelineId)).length },
    'build timeline': { path: '/timeline', count: async () => (await h.org().getBuildTimeline(PROJECT, buildId)).records.length },
    'build work items': { path: '/workitems', count: async () => (await h.org().getBuildWorkItemRefs({ project: PROJECT, buildId })).length },
  };

  describe.each(Object.keys(reads))('reading %s', (name) => {
    const path = reads[name].path;
    const count = () => reads[name].count();

    it('is tried again when the connection drops mid-body, and gives the whole answer', async () => {
      h.ado.inject({ path, method: 'GET', truncateBodyAt: 20 });
      expect(await count()).toBeGreaterThan(0);
      expect(h.ado.callsMatching(path, 'GET')).toHaveLength(2);
    });

    it('is tried again when a complete message carries cut-off JSON', async () => {
      h.ado.inject({ path, method: 'GET', status: 200, rawBody: '{"count":3,"value":[{"id":' });
      expect(await count()).toBeGreaterThan(0);
      expect(h.ado.callsMatching(path, 'GET')).toHaveLength(2);
    });

    it('fails as retryable INCOMPLETE_RESPONSE, never as an empty list, when every attempt is cut off', async () => {
      h.ado.inject({ path, method: 'GET', truncateBodyAt: 20, times: 3 });
      const error = await caught(count());
      expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.INCOMPLETE_RESPONSE, details: { status: 200, attempts: 3 } });
      expect(isRetryable(error)).toBe(true);
      expect(everyText(error)).not.toContain(TOKEN);
    });

    it('fails as retryable INCOMPLETE_RESPONSE, never as an empty list, when a 200 answer is a page instead of JSON (a proxy\'s sign-in page)', async () => {
      h.ado.inject({ path, method: 'GET', status: 200, rawBody: '<html><body>Sign in</body></html>', contentType: 'text/html; charset=utf-8', times: 3 });
      const error = await caught(count());
      expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.INCOMPLETE_RESPONSE, details: { status: 200, attempts: 3 } });
      expect((error as Error).message).toContain('the body was text/html, not the JSON asked for');
      expect(isRetryable(error)).toBe(true);
    });

    it('fails as retryable INCOMPLETE_RESPONSE when a 200 answer has no body at all', async () => {
      h.ado.inject({ path, method: 'GET', status: 200, rawBody: '', times: 3 });
      await expect(count()).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.INCOMPLETE_RESPONSE, retryable: true });
    });
  });
});

function everyText(error: unknown): string {
  return `${String((error as Error).message)}\n${JSON.stringify(error)}`;
}
