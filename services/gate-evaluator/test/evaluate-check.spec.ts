import { Topics } from '@switchyard/contracts';
import { waitFor, waitForDeadLetter } from '@switchyard/messaging/testing';
import { AUTH_TOKEN, CMDLINE_TASK, newCheckIds, seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
  stories-done:    { type: work-items-state, stateCategory: Completed, every: 250ms, timeout: 1m }
  quick-timeout:   { type: work-items-state, state: Closed, every: 100ms, timeout: 450ms }
  cmdline-often:   { type: required-task, taskId: ${CMDLINE_TASK}, every: 100ms, timeout: 1m }
`;

const logOf = (h: EvaluatorHarness, ids: { planId: string }) => h.org.planById(ids.planId)?.logs ?? [];
const logText = (h: EvaluatorHarness, ids: { planId: string }) => logOf(h, ids).map((log) => log.content).join('');

jest.setTimeout(20_000);

describe('gate evaluator against the Azure DevOps test server', () => {
  let h: EvaluatorHarness;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies);
    seedBuild(h.org, 100, [
      { type: 'Job', name: 'Build' },
      { type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } },
    ]);
    seedBuild(h.org, 101, [{ type: 'Task', name: 'Bash', state: 'completed', result: 'succeeded', task: { id: '6c731c3c-3c68-459a-a5c9-bde6e6595b5b', name: 'Bash', version: '3.0.0' } }]);
    seedBuild(h.org, 200);
    h.org.addWorkItem({ id: 7, project: 'Fabrikam', type: 'User Story', state: 'Closed' });
    h.org.addWorkItem({ id: 8, project: 'Fabrikam', type: 'Bug', state: 'Active' });
    h.org.linkWorkItems(200, [7, 8]);
    seedBuild(h.org, 400);
    h.org.addWorkItem({ id: 10, project: 'Fabrikam', type: 'Bug', state: 'Active' });
    h.org.linkWorkItems(400, [10]);
    seedBuild(h.org, 300);
    for (const id of [500, 501]) {
      seedBuild(h.org, id, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
    }
    h.org.addWorkItem({ id: 9, project: 'Fabrikam', type: 'Task', state: 'Active' });
    h.org.linkWorkItems(300, [9]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('required-task: passes when the timeline has the completed CmdLine task, with one TaskCompleted and a log on the record', async () => {
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    const [event] = await h.waitForEvents(ids);
    expect(event).toEqual({ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'succeeded' });
    const post = h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST');
    expect(post).toHaveLength(1);
    expect(post[0].path).toBe(`/fabrikam/${h.projectId}/_apis/distributedtask/hubs/checks/plans/${ids.planId}/events`);
    expect(post[0].headers.authorization).toBe(`Bearer ${AUTH_TOKEN}`);
    await h.waitForLog(ids, 'Evaluation 1: approved');
    const logs = logOf(h, ids);
    expect(logs).toHaveLength(1);
    expect(logs[0].path).toBe(`logs\\${ids.taskInstanceId}`);
    expect(logs[0].content).toMatch(/^\S+Z switchyard gate "require-cmdline" \(required-task\)/);
    expect(logs[0].content).toContain('Evaluation 1: approved: Task D9BAFED4-0B18-4F58-968D-86655B4D2CE9 ("CmdLine") completed in build 100');
    const record = h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId);
    expect(record).toMatchObject({ id: ids.taskInstanceId, log: { id: logs[0].id }, currentOperation: expect.stringContaining('Decision: succeeded') });
  });

  it('required-task: fails when the timeline lacks the task', async () => {
    const ids = await h.requestCheck('require-cmdline', { buildId: '101' });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('failed');
    await h.waitForLog(ids, `Evaluation 1: rejected: Build 101 has no task ${CMDLINE_TASK} in its timeline`);
  });

  it('work-items-state: waits across evaluations and passes after a work item changes state, appending to one log', async () => {
    const ids = await h.requestCheck('stories-done', { buildId: '200' });
    await waitFor(() => (logText(h, ids).match(/Evaluation \d+: waiting/g)?.length ?? 0) >= 2 || undefined, 'two waiting evaluations');
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
    h.org.setWorkItemState(8, 'Closed');
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
    await h.waitForLog(ids, 'approved');
    const logs = logOf(h, ids);
    expect(logs).toHaveLength(1);
    const lines = logs[0].content.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    // The policy summary opens the log once; later evaluations only append their own line.
    expect(logs[0].content.match(/switchyard gate "stories-done"/g)).toHaveLength(1);
    expect(lines[1]).toContain('Evaluation 1: waiting: 1 of 2 linked work items are state category Completed; waiting for #8 (Active)');
    expect(lines.at(-1)).toMatch(/Evaluation \d+: approved: All 2 linked work items are state category Completed/);
    // One log created, then only appends: the log id travelled in the re-evaluation messages.
    expect(h.ado.callsMatching(`/plans/${ids.planId}/logs`, 'POST').filter((call) => call.path.endsWith('/logs'))).toHaveLength(1);
    expect(h.plan(ids)?.events).toHaveLength(1);
    // The service log says why a check waits, as the run page does.
    const evaluated = h.logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'check evaluated' && line.planId === ids.planId);
    expect(evaluated[0]).toMatchObject({ outcome: 'wait', reason: expect.stringContaining('waiting for #8 (Active)') });
  });

  it('stops re-evaluating, and posts nothing, once Azure DevOps has completed the check (run canceled, check timed out there)', async () => {
    const ids = await h.requestCheck('stories-done', { buildId: '400' });
    await waitFor(() => (logText(h, ids).match(/Evaluation \d+: waiting/g)?.length ?? 0) >= 2 || undefined, 'two waiting evaluations');
    const record = h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId);
    Object.assign(record ?? {}, { state: 'completed', result: 'canceled' });
    await waitFor(() => h.logLines.find((line) => line.includes('the check is over in Azure DevOps') && line.includes(ids.planId)), 'the evaluator to see the check is over');
    const evaluations = logText(h, ids).match(/Evaluation \d+/g)?.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // four times the policy's `every`
    expect(logText(h, ids).match(/Evaluation \d+/g)?.length).toBe(evaluations);
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
    expect(record).toMatchObject({ state: 'completed', result: 'canceled' });
  });

  it('waits while Azure DevOps cannot answer a read the policy needs, and decides once it answers again', async () => {
    // Every attempt of the client's first read fails: evaluation 1 has no timeline to judge.
    h.ado.inject({ path: '/builds/500/timeline', method: 'GET', status: 503, times: 3 });
    const ids = await h.requestCheck('cmdline-often', { buildId: '500' });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
    const log = await h.waitForLog(ids, 'approved');
    expect(log).toMatch(/Evaluation 1: waiting: Azure DevOps is unavailable for now \(AZURE_DEVOPS.UNAVAILABLE\)/);
    expect(log).toMatch(/Evaluation 2: approved: Task .* completed in build 500/);
    expect(h.plan(ids)?.events).toHaveLength(1);
  });

  it('rejects, naming the refusal, when Azure DevOps refuses a read the policy needs for good', async () => {
    h.ado.inject({ path: '/builds/501/timeline', method: 'GET', status: 403, times: 1 });
    const ids = await h.requestCheck('cmdline-often', { buildId: '501' });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('failed');
    const log = await h.waitForLog(ids, 'rejected');
    expect(log).toMatch(/Evaluation 1: rejected: Azure DevOps refused a request the policy needs \(AZURE_DEVOPS.FORBIDDEN\)/);
    expect(log).not.toContain('waiting');
  });

  it('fails at the policy timeout with the reason in the log', async () => {
    const ids = await h.requestCheck('quick-timeout', { buildId: '300' });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('failed');
    await h.waitForLog(ids, /rejected: Timed out: not approved within the policy's timeout of 450ms \(\d+ evaluations\)\. Last: 0 of 1 linked work items are Closed; waiting for #9 \(Active\)/);
    expect(h.plan(ids)?.events).toHaveLength(1);
  });

  it('uses the legacy event ids for release gates plans of version 12 or older', async () => {
    const ids = newCheckIds();
    h.org.plan(h.projectId, 'gates', ids.planId).version = 12;
    await h.requestCheck('require-cmdline', { buildId: '100', hubName: 'gates', ids });
    const [event] = await h.waitForEvents(ids);
    expect(event).toEqual({ name: 'TaskCompleted', taskId: '00000000-0000-0000-0000-000000000000', jobId: ids.taskInstanceId, result: 'succeeded' });
  });

  it('delivers exactly one decision when the decision call is throttled (429 with Retry-After)', async () => {
    h.ado.inject({ path: '/events', method: 'POST', status: 429, retryAfter: 0, times: 2 });
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    await h.waitForEvents(ids);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.plan(ids)?.events).toEqual([{ name: 'TaskCompleted', taskId: ids.taskInstanceId, jobId: ids.jobId, result: 'succeeded' }]);
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST').map((call) => call.status)).toEqual([429, 429, 204]);
  });

  it('retries throttled log and record calls, and a log that cannot be written does not hold up the decision', async () => {
    h.ado.inject({ path: '/logs', method: 'POST', status: 429, retryAfter: 0, times: 1 });
    h.ado.inject({ path: '/records', method: 'PATCH', status: 503, times: 1 });
    const throttled = await h.requestCheck('require-cmdline', { buildId: '100' });
    await h.waitForEvents(throttled);
    await h.waitForLog(throttled, 'Evaluation 1: approved');
    expect(logOf(h, throttled)).toHaveLength(1);
    await waitFor(() => h.plan(throttled)?.timelines.get(throttled.timelineId)?.get(throttled.taskInstanceId)?.log, 'the log attached to the record');
    expect(h.plan(throttled)?.timelines.get(throttled.timelineId)?.get(throttled.taskInstanceId)).toMatchObject({ log: { id: logOf(h, throttled)[0].id } });

    h.ado.inject({ path: '/logs', method: 'POST', status: 503, times: 3 });
    const unlogged = await h.requestCheck('require-cmdline', { buildId: '100' });
    const [event] = await h.waitForEvents(unlogged);
    expect(event.result).toBe('succeeded');
    const failures = /switchyard_gate_progress_failures_total\{[^}]*policy="require-cmdline"[^}]*code="AZURE_DEVOPS.UNAVAILABLE"[^}]*\} 1/;
    await waitFor(async () => failures.test(await (await fetch(`${h.evaluator.url}/metrics`)).text()) || undefined, 'the progress failure counted');
  });

  it('reschedules a decision Azure DevOps keeps refusing, and delivers it once it recovers', async () => {
    // The client does not send a decision again after a 503 (Azure DevOps may have taken it): the bus-level
    // retry reads the check's record, finds it open, and posts.
    h.ado.inject({ path: '/events', method: 'POST', status: 503, times: 1 });
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    await h.waitForEvents(ids);
    expect(h.plan(ids)?.events).toHaveLength(1);
    expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST').map((call) => call.status)).toEqual([503, 204]);
    // The run page says "approved" once, for the attempt that got through; the failed one says what happened.
    const log = await h.waitForLog(ids, /approved: .* \(decision delivered on attempt 2\)/);
    expect(log.match(/approved/g)).toHaveLength(1);
    expect(log).toMatch(/Evaluation 1: the policy passed \(Task .*\), but the decision could not be posted yet \(attempt 1 of 3: AZURE_DEVOPS.UNAVAILABLE: .*\); next attempt at \S+Z/);
    // The evaluator retries by itself: no advice to pipeline users to check and send it again by hand.
    expect(log).not.toContain('was not sent again');
  });

  it('dead-letters a decision that cannot be delivered, with the reason and a metric', async () => {
    h.ado.inject({ path: '/events', method: 'POST', status: 503, times: 3 });
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `decide.${`${ids.planId}.${ids.jobId}.${ids.taskInstanceId}`.toLowerCase()}.3`, timeoutMs: 8000 });
    expect(deadLetter.reason).toBe('GATE.DECISION_UNDELIVERABLE');
    expect(deadLetter.description).toMatch(/TaskCompleted\(succeeded\) for check .* could not be posted after 3 attempt\(s\): AZURE_DEVOPS.UNAVAILABLE/);
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
    expect(logText(h, ids)).toContain('Could not deliver the decision (succeeded), attempt 3 of 3: AZURE_DEVOPS.UNAVAILABLE');
    expect(logText(h, ids)).not.toMatch(/approved|Decision: succeeded/);
    expect(h.plan(ids)?.timelines.get(ids.timelineId)?.get(ids.taskInstanceId)?.currentOperation).toBe('Decision not delivered');
    const metrics = await (await fetch(`${h.evaluator.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_gate_decisions_undeliverable_total\{[^}]*policy="require-cmdline"[^}]*code="AZURE_DEVOPS.UNAVAILABLE"[^}]*\} 1/);
  });

  it('dead-letters at once a decision Azure DevOps refuses for good, without announcing further attempts', async () => {
    h.ado.inject({ path: '/events', method: 'POST', status: 400, times: 1 });
    const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
    const key = `${ids.planId}.${ids.jobId}.${ids.taskInstanceId}`.toLowerCase();
    const deadLetter = await waitFor(
      async () => (await h.bus.deadLetters(Topics.checks, 'gate-evaluator').list()).find((d) => d.description?.includes(key)),
      'the decision dead-lettered',
      8000,
    );
    expect(deadLetter.reason).toBe('GATE.DECISION_UNDELIVERABLE');
    expect(logText(h, ids)).toContain('Could not deliver the decision (succeeded), refused for good: AZURE_DEVOPS.BAD_REQUEST');
    expect(logText(h, ids)).not.toMatch(/attempt \d of/);
  });

  it('dead-letters, without calling anything, a check whose PlanUrl is not allowed', async () => {
    const before = h.ado.calls.length;
    const ids = await h.requestCheck('require-cmdline', { buildId: '100', planUrl: h.ado.orgUrl('fabrikam-evil') });
    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `check.${`${ids.planId}.${ids.jobId}.${ids.taskInstanceId}`.toLowerCase()}` });
    expect(deadLetter.reason).toBe('AZURE_DEVOPS.ORG_NOT_ALLOWED');
    expect(h.ado.calls.length).toBe(before);
    expect(await (await fetch(`${h.evaluator.url}/metrics`)).text()).toMatch(/^switchyard_gate_unusable_checks_total\{[^}]*code="AZURE_DEVOPS.ORG_NOT_ALLOWED"[^}]*\} 1$/m);
  });

  it('never lets the AuthToken out: not in logs, bus messages, dead letters or metrics', async () => {
    const everything = [
      ...h.logLines,
      ...h.busTraffic,
      JSON.stringify(await h.bus.deadLetters(Topics.checks, 'gate-evaluator').list()),
      await (await fetch(`${h.evaluator.url}/metrics`)).text(),
    ].join('\n');
    expect(h.logLines.length).toBeGreaterThan(10);
    expect(h.busTraffic.length).toBeGreaterThan(10);
    for (const form of [AUTH_TOKEN, 'pipeline-access-token-valid-48h', Buffer.from(`:${AUTH_TOKEN}`).toString('base64')]) {
      expect(everything).not.toContain(form);
    }
  });
});
