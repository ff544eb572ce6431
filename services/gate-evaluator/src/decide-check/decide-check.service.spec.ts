import { Writable } from 'node:stream';
import { AzureDevOpsError, AzureDevOpsErrorCodes, type TimelineRecordSummary } from '@switchyard/azure-devops';
import type { CheckEvaluationData, EventEnvelope } from '@switchyard/contracts';
import type { EventPublisher, PublishOptions } from '@switchyard/messaging';
import { createLogger, createMetrics } from '@switchyard/observability';
import type { GateEvaluatorConfig } from '../config/gate-evaluator-config';
import type { CheckSession } from '../evaluate-check/check-session.service';
import { GateMetrics } from '../metrics/gate-metrics';
import type { Progress, ReportProgressService } from '../report-progress/report-progress.service';
import { DecideCheckService } from './decide-check.service';
import { lockBudget, LockBudgetExceededError, type HandlerDeadlines } from './lock-budget';
import { pendingDecisionOf } from './pending-decision';

const TOKEN = 'live-token-0123456789abcdef';
const check: CheckEvaluationData = {
  policy: 'p',
  planUrl: 'https://dev.azure.com/fabrikam/',
  projectId: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
  hubName: 'checks',
  planId: '5f6ef0f1-0d18-4a5e-9a41-2fd18e4d41a5',
  jobId: '2c6a53f1-5e1a-4a8f-a3ce-6b2a0d3a6d10',
  timelineId: '0a4f1d1c-4d55-4fd0-8a07-7b7e0c1f5e21',
  taskInstanceId: '8bd1a5b4-8c19-4e53-a3a6-8f5d5b7e0a33',
  sealedAuthToken: 'v1.x.y.z.w',
  headers: {},
  requestedAt: new Date().toISOString(),
  evaluation: 3,
};

function setup(
  post: () => Promise<void>,
  publish: (event: EventEnvelope, options?: PublishOptions) => Promise<void> = async () => undefined,
  records: () => Promise<TimelineRecordSummary[]> = async () => [],
  getPlan: () => Promise<{ version?: number }> = async () => ({ version: 13 }),
) {
  const posts: unknown[] = [];
  /** Posts and progress reports, in the order they happened. */
  const order: string[] = [];
  const published: Array<{ event: EventEnvelope; options?: PublishOptions }> = [];
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const session = {
    client: { postTaskCompleted: async (...args: unknown[]) => (posts.push(args), order.push('post'), post()), getTimelineRecords: records, getPlan },
    plan: { projectId: check.projectId, hubName: check.hubName, planId: check.planId },
    secrets: [TOKEN],
  } as unknown as CheckSession;
  const publisher = { publish: async (event: EventEnvelope, options?: PublishOptions) => (published.push({ event, options }), publish(event, options)) } as EventPublisher;
  const reports: Progress[] = [];
  const progress = { report: async (_session: unknown, _check: unknown, shown: Progress) => (order.push('report'), reports.push(shown), 42) } as unknown as ReportProgressService;
  const config = { decisionAttempts: 3, decisionRetryDelayMs: 1000, decisionDeadlineMs: 20_000 } as GateEvaluatorConfig;
  const metrics = createMetrics('t', { defaultMetrics: false });
  const service = new DecideCheckService(publisher, progress, new GateMetrics(metrics), config, createLogger({ service: 't', level: 'info', destination }));
  const outcomeFailures = async () => (await metrics.registry.getSingleMetric('switchyard_gate_outcome_publish_failures_total')?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
  /** switchyard_gate_decisions_total, as `policy/result` → count. */
  const decisionsCounted = async () =>
    Object.fromEntries(((await metrics.registry.getSingleMetric('switchyard_gate_decisions_total')?.get())?.values ?? []).map((v) => [`${v.labels['policy']}/${v.labels['result']}`, v.value]));
  return { service, session, posts, published, outcomeFailures, decisionsCounted, logLines, reports, order };
}

/** A post deadline still ahead (the handler is well inside its lock). */
const inTime = (): HandlerDeadlines => ({ startedAt: Date.now(), postBy: Date.now() + 10_000, lockEndsAt: Date.now() + 60_000, lastDelivery: false });
/** Past the post deadline, `lockLeftMs` before the message's lock ends. */
const late = (lockLeftMs: number, lastDelivery = false): HandlerDeadlines => ({ startedAt: Date.now() - 60_000 + lockLeftMs, postBy: Date.now() - 1, lockEndsAt: Date.now() + lockLeftMs, lastDelivery });
/** The post deadline passes `inMs` from now, and the lock ends `lockLeftMs` after that. */
const passing = (inMs: number, lockLeftMs: number): HandlerDeadlines => ({ startedAt: Date.now() + inMs - 20_000, postBy: Date.now() + inMs, lockEndsAt: Date.now() + inMs + lockLeftMs, lastDelivery: false });
/** A release gate's check: its plan is read before the post (plan version). */
const gate: CheckEvaluationData = { ...check, hubName: 'Gates' };
/** A plan read that Azure DevOps refuses for good (the token lost access) after `ms`. */
const planRefused = (ms: number) => () =>
  new Promise<never>((_resolve, reject) => setTimeout(() => reject(new AzureDevOpsError(AzureDevOpsErrorCodes.UNAUTHORIZED, 'GET …/plans answered 401')), ms));
/** A plan read that answers 503 after `ms` (the server echoes the token, as some proxies do). */
const planOutage = (ms: number) => () =>
  new Promise<never>((_resolve, reject) => setTimeout(() => reject(new AzureDevOpsError(AzureDevOpsErrorCodes.UNAVAILABLE, `GET …/plans answered 503 (${TOKEN})`)), ms));

const now = new Date('2026-11-21T10:00:00Z');
const origin = { eventId: 'check.evt-1', correlationId: 'check.corr', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

describe('DecideCheckService', () => {
  it('posts once and announces CheckDecided with a deterministic id; a redelivery to the same replica does not post again', async () => {
    const { service, session, posts, published, decisionsCounted } = setup(async () => undefined);
    await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, inTime());
    await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, inTime());
    expect(posts).toHaveLength(1);
    // Operators count decisions by policy and result: the one posted, once.
    expect(await decisionsCounted()).toEqual({ 'p/succeeded': 1 });
    expect(published.map((p) => p.event.id)).toEqual([`decided.${check.planId}.${check.jobId}.${check.taskInstanceId}`]);
    expect(published[0].event.data).toMatchObject({ result: 'succeeded', reason: 'ok', evaluations: 3 });
    // The outcome stays in the check's correlation and trace.
    expect(published[0].event).toMatchObject({ correlationId: origin.correlationId, traceparent: origin.traceparent });
    expect(published[0].event.id).not.toBe(origin.eventId);
  });

  it('retries publishing CheckDecided, then gives up without failing (so without posting again) and counts the lost event', async () => {
    const { service, session, posts, published, outcomeFailures } = setup(async () => undefined, async () => Promise.reject(new Error('bus down')));
    await expect(service.deliver(session, check, { result: 'failed', reason: 'no', attempt: 1 }, origin, now, inTime())).resolves.toBeUndefined();
    expect(posts).toHaveLength(1);
    expect(published.map((p) => p.event.id)).toEqual(Array(3).fill(`decided.${check.planId}.${check.jobId}.${check.taskInstanceId}`));
    expect(published[0].options?.timeoutMs).toBeGreaterThan(0);
    expect(await outcomeFailures()).toBe(1);
  });

  it('announces CheckDecided when the bus accepts it on a later try, counting nothing lost', async () => {
    let refusals = 2;
    const { service, session, posts, published, outcomeFailures } = setup(async () => undefined, async () => (refusals-- > 0 ? Promise.reject(new Error('bus busy')) : undefined));
    await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, inTime());
    expect(posts).toHaveLength(1);
    expect(published).toHaveLength(3);
    expect(await outcomeFailures()).toBe(0);
  });

  it("does not post after the lock budget: with the lock still covering it, a late decision goes to a decision retry due at once, which shows why", async () => {
    const { service, session, posts, published, reports, order } = setup(async () => undefined);
    const before = Date.now();
    await expect(service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, late(30_000), ['summary'])).resolves.toBeUndefined();
    expect(posts).toHaveLength(0);
    // Nothing written to the run page before the retry is on the bus (each write may take seconds of the lock).
    expect(order).toEqual([]);
    expect(reports).toEqual([]);
    expect(published.map((p) => p.event.id)).toEqual([`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.2`]);
    expect(published[0].options?.scheduledEnqueueTime?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(published[0].options?.scheduledEnqueueTime?.getTime()).toBeGreaterThanOrEqual(before);
    // Bounded well inside the 30 s of lock left.
    expect(published[0].options?.timeoutMs).toBeGreaterThan(0);
    expect(published[0].options?.timeoutMs).toBeLessThan(30_000);
    const retry = published[0].event.data as CheckEvaluationData;
    expect(retry.logId).toBeUndefined();
    const pending = pendingDecisionOf(retry);
    expect(pending).toMatchObject({ result: 'succeeded', reason: 'ok', attempt: 2 });

    // The retry writes the line, before its own.
    await service.deliver(session, retry, pending!, origin, now, inTime(), ['summary']);
    expect(posts).toHaveLength(1);
    expect(reports).toHaveLength(1);
    expect(reports[0].lines).toEqual([
      'summary',
      expect.stringMatching(
        /^Evaluation 3: the policy passed \(ok\), but the decision could not be posted yet \(attempt 1 of 3: GATE.LOCK_BUDGET_EXCEEDED: The evaluation took too long \(its reads of Azure DevOps or of metric URLs\): the decision was ready \d+ ms into the message's handler, past GATE_DECISION_DEADLINE_MS \(20000 ms\), too late to post inside the message lock\); next attempt at \S+Z$/,
      ),
      'Evaluation 3: approved: ok (decision delivered on attempt 2)',
    ]);
  });

  it('abandons a late decision when too little of the lock is left to hand it to a retry: no retry, no post, no run-page write', async () => {
    for (const attempt of [1, 2]) {
      const { service, session, posts, published, order } = setup(async () => undefined);
      const error = await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt }, origin, now, late(2_000)).catch((e: unknown) => e);
      // Thrown, so the message goes back to the bus: its redelivery (perhaps already running) alone goes on.
      expect(error).toBeInstanceOf(LockBudgetExceededError);
      expect(error).toMatchObject({ code: 'GATE.LOCK_BUDGET_EXCEEDED', message: expect.stringMatching(/the decision was ready \d+ ms into the message's handler.*; with \d+ ms of the lock left, too little/) });
      expect(posts).toHaveLength(0);
      expect(published).toHaveLength(0);
      expect(order).toEqual([]);
    }
  });

  it("hands a late decision to a retry only while the lock left covers the retry's publish and the settle margin after it", async () => {
    const handOff = lockBudget.retryPublishTimeoutMs + lockBudget.settleMarginMs;
    // More than the margin alone, less than the publish plus the margin: a publish that takes its full timeout would outlast the lock.
    const short = setup(async () => undefined);
    const error = await short.service.deliver(short.session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, late(handOff - 1_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBudgetExceededError);
    expect(short.published).toHaveLength(0);
    const enough = setup(async () => undefined);
    await expect(enough.service.deliver(enough.session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, late(handOff + 1_000))).resolves.toBeUndefined();
    expect(enough.published.map((p) => p.event.id)).toEqual([`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.2`]);
    expect(enough.published[0].options?.timeoutMs).toBeLessThanOrEqual(lockBudget.retryPublishTimeoutMs);
  });

  it('dead-letters a late decision on its last attempt however little lock is left: no retry to fork the check, so nothing to abandon', async () => {
    const { service, session, posts, published, reports } = setup(async () => undefined);
    const error = await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 3 }, origin, now, late(2_000)).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(LockBudgetExceededError);
    expect(error).toMatchObject({ code: 'GATE.DECISION_UNDELIVERABLE', message: expect.stringContaining('after 3 attempt(s): GATE.LOCK_BUDGET_EXCEEDED') });
    expect(posts).toHaveLength(0);
    expect(published).toHaveLength(0);
    expect(reports).toEqual([expect.objectContaining({ status: 'Decision not delivered' })]);
  });

  it("dead-letters a release gate's decision whose plan read is refused for good after the deadline, however little lock is left", async () => {
    const { service, session, posts, published, reports } = setup(async () => undefined, undefined, undefined, planRefused(60));
    const error = await service.deliver(session, gate, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, passing(30, 2_000)).catch((e: unknown) => e);
    // Not abandoned: a redelivery would read the plan again and be refused again.
    expect(error).not.toBeInstanceOf(LockBudgetExceededError);
    expect(error).toMatchObject({ code: 'GATE.DECISION_UNDELIVERABLE', message: expect.stringContaining('after 1 attempt(s): AZURE_DEVOPS.UNAUTHORIZED') });
    expect(posts).toHaveLength(0);
    expect(published).toHaveLength(0);
    expect(reports).toEqual([expect.objectContaining({ status: 'Decision not delivered', lines: [expect.stringContaining('refused for good: AZURE_DEVOPS.UNAUTHORIZED')] })]);
  });

  it("a release gate's plan read that fails after the deadline, with too little lock left, is abandoned: no run-page write, no retry", async () => {
    const { service, session, posts, published, order, logLines } = setup(async () => undefined, undefined, undefined, planOutage(60));
    // The read starts in time; it fails 60 ms later, past the deadline and with 2 s of the lock left.
    const error = await service.deliver(session, gate, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, passing(30, 2_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBudgetExceededError);
    expect(posts).toHaveLength(0);
    expect(published).toHaveLength(0);
    expect(order).toEqual([]);
    const line = logLines.find((l) => l.includes('its read before the post failed after the lock budget'));
    expect(line).toContain('AZURE_DEVOPS.UNAVAILABLE');
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it("a release gate's plan read that fails after the deadline, with the lock covering a retry, hands over without writing; the retry shows the read's failure", async () => {
    const { service, session, posts, published, order, reports } = setup(async () => undefined, undefined, undefined, planOutage(60));
    const before = Date.now();
    await expect(service.deliver(session, gate, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, passing(30, 30_000), ['summary'])).resolves.toBeUndefined();
    expect(posts).toHaveLength(0);
    expect(order).toEqual([]);
    expect(published.map((p) => p.event.id)).toEqual([`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.2`]);
    // Azure DevOps failed: the retry backs off (1 s here), unlike a decision that was only slow.
    expect(published[0].options?.scheduledEnqueueTime?.getTime()).toBeGreaterThanOrEqual(before + 1000);
    expect(published[0].options?.timeoutMs).toBeLessThan(30_000);
    const retry = published[0].event.data as CheckEvaluationData;
    const pending = pendingDecisionOf(retry)!;
    expect(pending).toMatchObject({ result: 'succeeded', attempt: 2, unshown: [expect.stringMatching(/could not be posted yet \(attempt 1 of 3: AZURE_DEVOPS.UNAVAILABLE: GET …\/plans answered 503 \(\*\*\*\)\); next attempt at/)] });
    expect(JSON.stringify(retry)).not.toContain(TOKEN);

    // The retry, with the plan readable again, posts and writes the carried line before its own.
    const again = setup(async () => undefined);
    await again.service.deliver(again.session, retry, pending, origin, now, inTime(), ['summary']);
    expect(again.posts).toHaveLength(1);
    expect(again.reports[0].lines).toEqual(['summary', pending.unshown![0], 'Evaluation 3: approved: ok (decision delivered on attempt 2)']);
    expect(reports).toEqual([]);
  });

  it('on the last delivery, a late decision goes to a decision retry however little lock is left (abandoning would dead-letter it)', async () => {
    for (const attempt of [1, 2]) {
      const { service, session, posts, published, order } = setup(async () => undefined);
      await expect(service.deliver(session, check, { result: 'failed', reason: 'no', attempt }, origin, now, late(2_000, true))).resolves.toBeUndefined();
      expect(posts).toHaveLength(0);
      expect(order).toEqual([]);
      expect(published.map((p) => p.event.id)).toEqual([`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.${attempt + 1}`]);
      expect(pendingDecisionOf(published[0].event.data as CheckEvaluationData)).toMatchObject({ result: 'failed', reason: 'no', attempt: attempt + 1 });
    }
    // A plan read failing late on the last delivery, too.
    const read = setup(async () => undefined, undefined, undefined, planOutage(0));
    await expect(read.service.deliver(read.session, gate, { result: 'failed', reason: 'no', attempt: 1 }, origin, now, late(-1_000, true))).resolves.toBeUndefined();
    expect(read.order).toEqual([]);
    expect(read.published.map((p) => p.event.id)).toEqual([`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.2`]);
  });

  it('a decision retry that is late too backs off, and the last one is dead-lettered with the reason', async () => {
    const retry = setup(async () => undefined);
    const before = Date.now();
    await retry.service.deliver(retry.session, check, { result: 'failed', reason: 'no', attempt: 2 }, origin, now, late(30_000));
    expect(retry.posts).toHaveLength(0);
    expect(retry.published.map((p) => p.event.id)).toEqual([`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.3`]);
    expect(retry.published[0].options?.scheduledEnqueueTime?.getTime()).toBeGreaterThanOrEqual(before + 2000);
    const last = setup(async () => undefined);
    await expect(last.service.deliver(last.session, check, { result: 'failed', reason: 'no', attempt: 3 }, origin, now, late(30_000))).rejects.toMatchObject({
      code: 'GATE.DECISION_UNDELIVERABLE',
      message: expect.stringMatching(/TaskCompleted\(failed\) .* could not be posted after 3 attempt\(s\): GATE.LOCK_BUDGET_EXCEEDED: The evaluation took too long/),
    });
    expect(last.posts).toHaveLength(0);
    expect(last.published).toHaveLength(0);
    expect(last.reports[0]).toMatchObject({ status: 'Decision not delivered', lines: [expect.stringContaining('Could not deliver the decision (failed), attempt 3 of 3: GATE.LOCK_BUDGET_EXCEEDED')] });
  });

  it('shows the decision in the check log only after Azure DevOps took it, after the lead lines', async () => {
    const { service, session, reports, order } = setup(async () => undefined);
    await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, inTime(), ['switchyard gate "p" (required-task): …']);
    expect(order).toEqual(['post', 'report']);
    expect(reports).toEqual([{ lines: ['switchyard gate "p" (required-task): …', 'Evaluation 3: approved: ok'], status: 'Decision: succeeded (ok)', now, origin }]);
    const tooLate = setup(async () => undefined);
    await tooLate.service.deliver(tooLate.session, check, { result: 'failed', reason: 'no', attempt: 1 }, origin, now, late(30_000));
    expect(tooLate.posts).toHaveLength(0);
    expect(JSON.stringify(tooLate.reports)).not.toMatch(/rejected|Decision: failed/);
  });

  it('says a decision was not posted yet, never "approved", when the post fails; the log id goes on in the retry', async () => {
    const outage = new AzureDevOpsError(AzureDevOpsErrorCodes.UNAVAILABLE, 'POST …/events answered 503');
    const { service, session, reports, published, decisionsCounted } = setup(async () => Promise.reject(outage));
    await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 1 }, origin, now, inTime(), ['summary']);
    expect(reports).toHaveLength(1);
    // The report that creates the log opens it with the policy summary, as a decision's report would.
    expect(reports[0].lines).toEqual(['summary', expect.stringMatching(/^Evaluation 3: the policy passed \(ok\), but the decision could not be posted yet \(attempt 1 of 3: AZURE_DEVOPS.UNAVAILABLE: POST …\/events answered 503\); next attempt at \S+Z$/)]);
    expect(reports[0].status).toMatch(/^Posting the decision \(succeeded\) again at /);
    expect(JSON.stringify(reports)).not.toMatch(/approved|Decision: succeeded/);
    expect(published[0].event.data).toMatchObject({ logId: 42 });
    expect(await decisionsCounted()).toEqual({});
  });

  it('reschedules a throttled decision with a growing delay and the next attempt in the message', async () => {
    const throttled = new AzureDevOpsError(AzureDevOpsErrorCodes.THROTTLED, 'POST …/events answered 429');
    const { service, session, published } = setup(async () => Promise.reject(throttled));
    const before = Date.now();
    await service.deliver(session, check, { result: 'succeeded', reason: 'ok', attempt: 2 }, origin, now, inTime());
    expect(published).toHaveLength(1);
    expect(published[0].event.id).toBe(`decide.${check.planId}.${check.jobId}.${check.taskInstanceId}.3`);
    expect((published[0].event.data as CheckEvaluationData).state).toEqual({ decision: { result: 'succeeded', reason: 'ok', attempt: 3 } });
    // Second retry: the 1 s base delay doubled, on the bus's clock.
    const due = published[0].options?.scheduledEnqueueTime?.getTime() ?? 0;
    expect(due).toBeGreaterThanOrEqual(before + 2000);
    expect(due).toBeLessThanOrEqual(Date.now() + 2000);
  });

  it('dead-letters when the attempts are used up or the refusal is permanent, without the token in the reason', async () => {
    const outage = new AzureDevOpsError(AzureDevOpsErrorCodes.UNAVAILABLE, `503 from server that echoed ${TOKEN}`);
    const last = setup(async () => Promise.reject(outage));
    await expect(last.service.deliver(last.session, check, { result: 'succeeded', reason: 'ok', attempt: 3 }, origin, now, inTime())).rejects.toMatchObject({
      code: 'GATE.DECISION_UNDELIVERABLE',
      message: expect.stringMatching(/after 3 attempt\(s\): AZURE_DEVOPS.UNAVAILABLE: 503 from server that echoed \*\*\*/),
    });
    const expired = new AzureDevOpsError(AzureDevOpsErrorCodes.UNAUTHORIZED, '401: the token expired');
    const permanent = setup(async () => Promise.reject(expired));
    await expect(permanent.service.deliver(permanent.session, check, { result: 'failed', reason: 'no', attempt: 1 }, origin, now, inTime())).rejects.toMatchObject({
      code: 'GATE.DECISION_UNDELIVERABLE',
      message: expect.stringContaining('after 1 attempt(s): AZURE_DEVOPS.UNAUTHORIZED'),
    });
    expect(permanent.published).toHaveLength(0);
  });

  describe('after a delivery that may have posted (redelivery or decision retry)', () => {
    const record = (changes: Partial<TimelineRecordSummary>): TimelineRecordSummary => ({ id: check.taskInstanceId.toUpperCase(), name: 'Check', ...changes });

    it("reads the check's own record: completed with its result, open (with its state) otherwise", async () => {
      const other = { id: check.jobId, state: 'completed', result: 'failed' };
      const completed = setup(async () => undefined, undefined, async () => [other, record({ state: 'completed', result: 'succeeded' })]);
      await expect(completed.service.checkRecord(completed.session, check, origin)).resolves.toEqual({ kind: 'completed', result: 'succeeded' });
      const running = setup(async () => undefined, undefined, async () => [other, record({ state: 'inProgress' })]);
      await expect(running.service.checkRecord(running.session, check, origin)).resolves.toEqual({ kind: 'open', state: 'inProgress' });
      const absent = setup(async () => undefined, undefined, async () => [other]);
      await expect(absent.service.checkRecord(absent.session, check, origin)).resolves.toEqual({ kind: 'open', state: undefined });
    });

    it('a failed read is unread, and is logged with its code, never with the token', async () => {
      const refused = new AzureDevOpsError(AzureDevOpsErrorCodes.UNAVAILABLE, `503 from a server that echoed ${TOKEN}`);
      const { service, session, logLines } = setup(async () => undefined, undefined, async () => Promise.reject(refused));
      await expect(service.checkRecord(session, check, origin)).resolves.toMatchObject({ kind: 'unread', code: AzureDevOpsErrorCodes.UNAVAILABLE });
      expect(logLines).toEqual([expect.stringContaining("could not read the check's timeline record")]);
      expect(logLines[0]).toContain('AZURE_DEVOPS.UNAVAILABLE');
      // Joined to the message it was handling, as every line of that message is.
      expect(JSON.parse(logLines[0])).toMatchObject({ eventId: origin.eventId, correlationId: origin.correlationId });
      expect(logLines.join('\n')).not.toContain(TOKEN);
    });

    it('settles a completed check without posting, announces CheckDecided as after a post, and remembers it', async () => {
      const { service, session, posts, published, logLines } = setup(async () => undefined);
      await service.settleCompleted(check, { result: 'failed', reason: 'no', attempt: 1 }, { result: 'failed' }, origin);
      expect(published.map((p) => p.event.id)).toEqual([`decided.${check.planId}.${check.jobId}.${check.taskInstanceId}`]);
      expect(published[0].event.data).toMatchObject({ result: 'failed', reason: 'no', evaluations: 3 });
      expect(logLines.some((line) => line.includes('decision already delivered'))).toBe(true);
      await service.deliver(session, check, { result: 'failed', reason: 'no', attempt: 1 }, origin, now, inTime());
      expect(posts).toHaveLength(0);
    });

    it('announces nothing when the record was completed with another result (or the evaluation no longer decides)', async () => {
      const { service, posts, published, logLines } = setup(async () => undefined);
      await service.settleCompleted(check, { result: 'succeeded', reason: 'ok', attempt: 1 }, { result: 'canceled' }, origin);
      await service.settleCompleted(check, undefined, { result: 'succeeded' }, origin);
      expect(posts).toHaveLength(0);
      expect(published).toHaveLength(0);
      expect(logLines.filter((line) => line.includes('already completed, not with this decision'))).toHaveLength(2);
    });
  });
});
