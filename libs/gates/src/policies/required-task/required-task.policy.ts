import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import { fail, pass, wait, type Verdict } from '../../policy/verdict';
import { buildIdOf, missingBuildIdReason, readsOf } from '../shared/build-id';

const options = z.strictObject({
  taskId: z.uuid({ message: 'taskId must be the task GUID, e.g. D9BAFED4-0B18-4F58-968D-86655B4D2CE9 (CmdLine)' }),
});

/**
 * Passes when the run's timeline has a completed task with that id (the Microsoft "CmdLine" sample check).
 * A task that is present but still running is waited for; an absent one fails.
 */
export class RequiredTaskPolicy implements GatePolicy {
  static readonly type = 'required-task';
  static readonly sync = false;
  static readonly description = "The run's timeline has a completed task with the given task id.";
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = ['BuildId'];

  constructor(private readonly config: z.infer<typeof options>) {}

  async evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    const buildId = buildIdOf(check);
    if (buildId === undefined) return fail(missingBuildIdReason);
    const wanted = this.config.taskId.toLowerCase();
    const records = await readsOf(context, RequiredTaskPolicy.type).getBuildTimeline(buildId);
    const tasks = records.filter((record) => record.type?.toLowerCase() === 'task' && record.taskId?.toLowerCase() === wanted);
    const done = tasks.find((record) => record.state?.toLowerCase() === 'completed');
    if (done) return pass(`Task ${this.config.taskId} ("${done.name ?? 'unnamed'}") completed in build ${buildId} with result ${done.result ?? 'unknown'}`);
    if (tasks.length > 0) return wait(`Task ${this.config.taskId} ("${tasks[0].name ?? 'unnamed'}") is in build ${buildId} but has not completed yet`);
    return fail(`Build ${buildId} has no task ${this.config.taskId} in its timeline`);
  }
}
