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
    h.org.setWorkItemState(8, 'Closed');
    // Reads that take a few hundred ms (a real organization): the redelivery and the next evaluation overlap.
    h.ado.inject({ path: '/_apis/build/builds/200/workitems', method: 'GET', delayMs: 400, times: 2 });
    await h.startReplica();
    await h.startReplica();
    await h.waitForEvents(ids, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
    await waitFor(() => h.logLines.find((line) => line.includes('handing over to the next evaluation') && line.includes(ids.planId)), 'the redelivery to hand over');
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
