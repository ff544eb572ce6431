import { InMemoryReads } from '../../testing/in-memory-reads';
import { RequiredTaskPolicy } from './required-task.policy';

const cmdLine = 'D9BAFED4-0B18-4F58-968D-86655B4D2CE9';
const policy = new RequiredTaskPolicy(RequiredTaskPolicy.options.parse({ taskId: cmdLine }));
const check = (buildId?: string) => ({ policy: 'p', headers: {}, buildId, evaluation: 1, state: {} });

describe('RequiredTaskPolicy', () => {
  const reads = new InMemoryReads();
  const context = { now: new Date(), azureDevOps: reads };

  it('passes when a completed task with that id (any case) is in the timeline', async () => {
    reads.timelines.set(7, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', taskId: cmdLine.toLowerCase() }]);
    expect(await policy.evaluate(check('7'), context)).toMatchObject({ outcome: 'pass', reason: expect.stringContaining('"CmdLine") completed in build 7') });
  });

  it('waits while the task is still running, and fails when it is absent', async () => {
    reads.timelines.set(8, [{ type: 'Task', name: 'CmdLine', state: 'inProgress', taskId: cmdLine }]);
    expect((await policy.evaluate(check('8'), context)).outcome).toBe('wait');
    reads.timelines.set(9, [{ type: 'Task', name: 'Bash', state: 'completed', taskId: '6c731c3c-3c68-459a-a5c9-bde6e6595b5b' }, { type: 'Job', state: 'completed' }]);
    expect(await policy.evaluate(check('9'), context)).toEqual({ outcome: 'fail', reason: `Build 9 has no task ${cmdLine} in its timeline` });
  });

  it.each(['failed', 'canceled', 'abandoned', 'succeededWithIssues'])('fails, naming the result, when the task completed as %s', async (result) => {
    reads.timelines.set(10, [{ type: 'Task', name: 'CmdLine', state: 'completed', result, taskId: cmdLine }]);
    expect(await policy.evaluate(check('10'), context)).toEqual({
      outcome: 'fail',
      reason: `Task ${cmdLine} ("CmdLine") in build 10 completed with result ${result}; the check needs succeeded`,
    });
  });

  it('accepts succeededWithIssues only when the policy allows it', async () => {
    const lenient = new RequiredTaskPolicy(RequiredTaskPolicy.options.parse({ taskId: cmdLine, allowSucceededWithIssues: true }));
    reads.timelines.set(11, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeededWithIssues', taskId: cmdLine }]);
    expect(await lenient.evaluate(check('11'), context)).toMatchObject({ outcome: 'pass', reason: expect.stringContaining('with result succeededWithIssues') });
    reads.timelines.set(12, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'failed', taskId: cmdLine }]);
    expect(await lenient.evaluate(check('12'), context)).toMatchObject({ outcome: 'fail', reason: expect.stringContaining('the check needs succeeded or succeededWithIssues') });
  });

  it('judges every run of the task: waits while one still runs, fails when one did not succeed, leaves skipped runs out', async () => {
    const run = (state: string, result?: string, name = 'CmdLine') => ({ type: 'Task', name, state, result, taskId: cmdLine });
    reads.timelines.set(13, [run('completed', 'succeeded'), run('inProgress')]);
    expect((await policy.evaluate(check('13'), context)).outcome).toBe('wait');
    reads.timelines.set(14, [run('completed', 'succeeded'), run('completed', 'failed', 'publish')]);
    expect(await policy.evaluate(check('14'), context)).toMatchObject({ outcome: 'fail', reason: expect.stringContaining('("publish") in build 14 completed with result failed') });
    // A script step whose condition was false (e.g. cleanup that runs only on failure) does not block the check.
    reads.timelines.set(15, [run('completed', 'skipped', 'on-failure cleanup'), run('completed', 'succeeded')]);
    expect(await policy.evaluate(check('15'), context)).toMatchObject({ outcome: 'pass', reason: expect.stringContaining('("CmdLine") completed in build 15 with result succeeded') });
  });

  it('fails when every run of the task was skipped', async () => {
    reads.timelines.set(16, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'skipped', taskId: cmdLine }]);
    expect(await policy.evaluate(check('16'), context)).toEqual({
      outcome: 'fail',
      reason: `Task ${cmdLine} ("CmdLine") was skipped in build 16 (its condition was false); the check needs it to run and succeed`,
    });
  });

  it('fails with what to add when BuildId is missing', async () => {
    expect((await policy.evaluate(check(undefined), context)).reason).toMatch(/add "BuildId": "\$\(build\.BuildId\)" to the check's Headers/);
  });

  it('fails, reading no build, when BuildId is not a plain build number (another build must not be judged instead)', async () => {
    reads.timelines.set(100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', taskId: cmdLine }]);
    for (const text of ['0x64', '1e2', '100abc', '-100', '10 0']) {
      const calls = reads.calls.length;
      expect(await policy.evaluate(check(text), context)).toMatchObject({ outcome: 'fail', reason: expect.stringContaining('Header BuildId is missing or not a number') });
      expect(reads.calls.slice(calls)).toEqual([]);
    }
  });
});
