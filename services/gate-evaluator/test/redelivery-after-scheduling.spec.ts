import { Topics } from '@switchyard/contracts';
import { waitFor } from '@switchyard/messaging/testing';
import { diesAfterScheduling, type DyingBus } from './dying-replica';
import { seedBuild, startEvaluatorHarness, type CheckIds, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  stories-done: { type: work-items-state, stateCategory: Completed, every: 1s, timeout: 1m }
`;
// createTestBus's peek-lock.
const LOCK_MS = 1_000;

jest.setTimeout(30_000);

/**
 * A replica evaluates a check ("waiting"), schedules the next evaluation and dies before settling its
 * message. When the lock expires the message comes again, about when the scheduled evaluation fires.
 * Evaluating it again would fork the check into two chains, each able to post a decision.
 */
describe('gate evaluator: a replica dies between scheduling the next evaluation and completing its message', () => {
  let h: EvaluatorHarness;
  let dying: DyingBus;

  beforeEach(async () => {
    h = await startEvaluatorHarness(policies, {}, undefined, { wrapBus: (bus) => (dying = diesAfterScheduling(bus, LOCK_MS)).bus });
    seedBuild(h.org, 200);
    h.org.addWorkItem({ id: 8, project: 'Fabrikam', type: 'Bug', state: 'Active' });
    h.org.linkWorkItems(200, [8]);
  });
  afterEach(() => h.close());

  const logsOf = (ids: CheckIds) => h.org.planById(ids.planId)?.logs ?? [];

  it('posts exactly one TaskCompleted, even when both runs are mid-evaluation at once', async () => {
    const ids = await h.requestCheck('stories-done', { buildId: '200' });
    await dying.died;
    const diedAt = Date.now();
    h.org.setWorkItemState(8, 'Closed');
    // Reads that take a few hundred ms (a real organization): the redelivery of evaluation 1 (lock
    // expired) and the scheduled evaluation 2 come about 0.1 s apart and are both still running when
    // the other begins. Each starts by reading the check's record.
    h.ado.inject({ path: `/plans/${ids.planId}/timelines/`, method: 'GET', delayMs: 400, times: 2 });
    h.ado.inject({ path: '/_apis/build/builds/200/workitems', method: 'GET', delayMs: 400, times: 2 });
    await h.startReplica();
    await h.startReplica();
    await h.waitForEvents(ids, 1);
    // Wait for the outcome rather than a while: evaluation 2 posted and showed its decision, and no message
    // for the check is left waiting or scheduled on the bus that could post again.
    await h.waitForLog(ids, 'Evaluation 2: approved');
    await waitFor(() => (h.bus.scheduledCount === 0 && h.bus.backlog(Topics.checks, 'gate-evaluator') === 0) || undefined, 'no check message left on the bus');
    const posts = h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST');
    expect(posts).toHaveLength(1);
    const lines = () => h.logLines.map((line) => JSON.parse(line) as { msg: string; planId?: string; time: string });
    const handedOver = await waitFor(() => lines().find((line) => line.msg.includes('handing over to the next evaluation') && line.planId === ids.planId), 'the redelivery to hand over');

    // Both runs were in flight at once: each had begun (read the record) before either ended (the
    // redelivery by handing over, evaluation 2 by posting its decision).
    const starts = h.ado
      .callsMatching(`/plans/${ids.planId}/timelines/`, 'GET')
      .map((call) => h.arrivedAt(call))
      .filter((at) => at >= diedAt);
    expect(starts).toHaveLength(2);
    const firstEnd = Math.min(Date.parse(handedOver.time), h.arrivedAt(posts[0]));
    expect(Math.max(...starts)).toBeLessThan(firstEnd);
  });

  it('keeps one check log, the one on the record, to the decision', async () => {
    const ids = await h.requestCheck('stories-done', { buildId: '200' });
    await dying.died;
    await h.startReplica();
    await waitFor(() => (logsOf(ids).map((log) => log.content).join('').match(/Evaluation \d+: waiting/g)?.length ?? 0) >= 3 || undefined, 'three waiting evaluations', 10_000);
    h.org.setWorkItemState(8, 'Closed');
    await h.waitForEvents(ids, 1);
    await h.waitForLog(ids, 'approved');
    const record = h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId) as { log?: { id: number } } | undefined;
    expect(logsOf(ids)).toHaveLength(1);
    expect(logsOf(ids)[0]).toMatchObject({ id: record?.log?.id, content: expect.stringContaining('approved') });
  });
});
