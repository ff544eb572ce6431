import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import type { TimelineRecordInfo } from '../../policy/policy-reads.port';
import { fail, pass, wait, type Verdict } from '../../policy/verdict';
import { buildIdOf, missingBuildIdReason, readsOf } from '../shared/build-id';

const options = z.strictObject({
  taskId: z.uuid({ message: 'taskId must be the task GUID, e.g. D9BAFED4-0B18-4F58-968D-86655B4D2CE9 (CmdLine)' }),
  /**
   * Also pass on succeededWithIssues. Off by default: the agent reports a task that failed under
   * `continueOnError: true` as succeededWithIssues, so that result can hide a failed task.
   */
  allowSucceededWithIssues: z.boolean().default(false),
});

/**
 * Passes when the run's timeline has the task with that id, one run of it succeeded and none ended
 * badly (the Microsoft "CmdLine" sample check). A skipped run (its condition was false, e.g. a
 * cleanup step that runs only on failure) neither passes nor fails the check. Waits while a run is
 * still going; fails when the task is absent, only skipped, or any run failed, was canceled or
 * abandoned (or succeeded with issues, unless allowed), naming the result.
 */
export class RequiredTaskPolicy implements GatePolicy {
  static readonly type = 'required-task';
  static readonly sync = false;
  static readonly description = "The run's timeline has the task with the given task id, and it succeeded.";
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = ['BuildId'];
  private readonly accepted: readonly string[];

  constructor(private readonly config: z.infer<typeof options>) {
    this.accepted = config.allowSucceededWithIssues ? ['succeeded', 'succeededWithIssues'] : ['succeeded'];
  }

  async evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    const buildId = buildIdOf(check);
    if (buildId === undefined) return fail(missingBuildIdReason);
    const wanted = this.config.taskId.toLowerCase();
    const records = await readsOf(context, RequiredTaskPolicy.type).getBuildTimeline(buildId);
    const tasks = records.filter((record) => record.type?.toLowerCase() === 'task' && record.taskId?.toLowerCase() === wanted);
    if (tasks.length === 0) return fail(`Build ${buildId} has no task ${this.config.taskId} in its timeline`);
    const running = tasks.find((record) => record.state?.toLowerCase() !== 'completed');
    if (running) return wait(`Task ${this.describe(running)} is in build ${buildId} but has not completed yet`);
    const ran = tasks.filter((record) => record.result?.toLowerCase() !== 'skipped');
    if (ran.length === 0) return fail(`Task ${this.describe(tasks[0])} was skipped in build ${buildId} (its condition was false); the check needs it to run and succeed`);
    const unsuccessful = ran.find((record) => !this.isAccepted(record.result));
    if (unsuccessful) {
      return fail(`Task ${this.describe(unsuccessful)} in build ${buildId} completed with result ${unsuccessful.result ?? 'unknown'}; the check needs ${this.accepted.join(' or ')}`);
    }
    return pass(`Task ${this.describe(ran[0])} completed in build ${buildId} with result ${ran[0].result}`);
  }

  private isAccepted(result: string | undefined): boolean {
    return this.accepted.some((accepted) => accepted.toLowerCase() === result?.toLowerCase());
  }

  private describe(record: TimelineRecordInfo): string {
    return `${this.config.taskId} ("${record.name ?? 'unnamed'}")`;
  }
}
