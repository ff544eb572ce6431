import { CheckDecided, type CheckDecidedData, type EventEnvelope } from '@switchyard/contracts';
import { waitFor } from '@switchyard/messaging/testing';
import type { Subscription } from 'rxjs';
import { diesAfterPosting, type DyingBus } from './dying-replica';
import { AUTH_TOKEN, CMDLINE_TASK, seedBuild, startEvaluatorHarness, type CheckIds, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;
// createTestBus's peek-lock.
const LOCK_MS = 1_000;

jest.setTimeout(20_000);

/** The check's record reads and decision posts, in order. */
const readsAroundPost = (h: EvaluatorHarness, ids: CheckIds) =>
  h.ado.calls
    .filter((call) => (call.method === 'GET' && call.path.endsWith(`/timelines/${ids.timelineId}/records`)) || (call.method === 'POST' && call.path.endsWith(`/plans/${ids.planId}/events`)))
    .map((call) => `${call.method} ${call.path.split('/').at(-1)}`);

describe('gate evaluator: a replica dies between posting a decision and completing its message', () => {
  let h: EvaluatorHarness;
  let dying: DyingBus;
  let watching: Subscription;
  /** CheckDecided events the bus accepted (its duplicate detection drops a republished id). */
  let decided: CheckDecidedData[];

  beforeEach(async () => {
    h = await startEvaluatorHarness(policies, {}, undefined, { wrapBus: (bus) => (dying = diesAfterPosting(bus, LOCK_MS)).bus });
    seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
    decided = [];
    watching = h.bus.published$.subscribe(({ message, duplicate }) => {
      const event = message.body as EventEnvelope<CheckDecidedData>;
      if (!duplicate && event.type === CheckDecided.type) decided.push(event.data);
    });
  });
  afterEach(async () => {
    watching.unsubscribe();
    await h.close();
  });

  /** The first replica posts the check's decision and dies; a second replica then gets the message again. */
  async function postThenDie(): Promise<CheckIds> {
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    await dying.died;
    expect(await h.waitForEvents(ids)).toHaveLength(1);
    await h.startReplica();
    return ids;
  }

  const settled = () => new Promise((resolve) => setTimeout(resolve, 300));
  const logged = (ids: CheckIds, text: string) => waitFor(() => h.logLines.find((line) => line.includes(text) && line.includes(ids.planId)), `a log line "${text}"`);

  it('the redelivery finds the record completed: no second TaskCompleted, and CheckDecided is published once', async () => {
    const ids = await postThenDie();
    await logged(ids, 'decision already delivered');
    await settled();

    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    expect(h.plan(ids)?.events).toEqual([{ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'succeeded' }]);
    // Read twice: by evaluation 1 before it evaluated, and by the redelivery after the post; the
    // redelivery wrote nothing that would reopen the record.
    expect(readsAroundPost(h, ids)).toEqual(['GET records', 'POST events', 'GET records']);
    expect(h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId)).toMatchObject({ state: 'completed', result: 'succeeded' });
    expect(h.ado.callsMatching(`/plans/${ids.planId}/logs`, 'POST').filter((call) => call.path.endsWith('/logs'))).toHaveLength(1);
    // The dying replica never got CheckDecided out; the redelivery announced it.
    expect(decided).toEqual([expect.objectContaining({ planId: ids.planId, taskInstanceId: ids.taskInstanceId, result: 'succeeded', evaluations: 1 })]);
  });

  it('a redelivery that cannot read the record posts the decision anyway, and says so in its log', async () => {
    h.ado.inject({ path: '/records', method: 'GET', status: 500, times: 10, message: `broken, token ${AUTH_TOKEN}` });
    const ids = await postThenDie();

    const events = await h.waitForEvents(ids, 2);
    expect(events.map((event) => event.result)).toEqual(['succeeded', 'succeeded']);
    const warning = await logged(ids, "could not read the check's timeline record");
    expect(warning).toContain('AZURE_DEVOPS.');
    await waitFor(() => decided.length || undefined, 'CheckDecided from the redelivery');
    await settled();
    expect(decided).toHaveLength(1);
    expect(h.logLines.filter((line) => line.includes(AUTH_TOKEN))).toEqual([]);
  });
});

describe('gate evaluator: a decision retry after an attempt that got through', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
    seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('posts nothing when Azure DevOps completed the check although it answered the earlier attempt with errors', async () => {
    h.ado.inject({ path: '/events', method: 'POST', status: 503, times: 1, delayMs: 100 });
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    // The server took the decision but answered 503 (as a gateway in front of it might).
    await waitFor(() => h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')[0], 'the first post attempt');
    const record = h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId) as Record<string, unknown>;
    Object.assign(record, { state: 'completed', result: 'succeeded' });

    await waitFor(() => h.logLines.find((line) => line.includes('decision already delivered') && line.includes(ids.planId)), 'the retry settling the delivered decision');
    // The client does not send a decision again after a 503: the bus-level retry reads the record first.
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST').map((call) => call.status)).toEqual([503]);
    // Evaluation 1 read the record before it evaluated; the retry read it once more before posting.
    expect(readsAroundPost(h, ids)).toEqual(['GET records', 'POST events', 'GET records']);
  });
});
