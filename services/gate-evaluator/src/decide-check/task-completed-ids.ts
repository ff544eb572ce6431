import { EMPTY_GUID, type CheckEvaluationData } from '@switchyard/contracts';
import type { CheckSession } from '../evaluate-check/check-session.service';

/** Release gates plans up to this version identify the check by job id = TaskInstanceId and an empty task id. */
const LEGACY_GATES_PLAN_VERSION = 12;

/** The taskId / jobId a TaskCompleted event must carry for this check's plan. */
export async function taskCompletedIds(session: CheckSession, check: CheckEvaluationData): Promise<{ taskId: string; jobId: string }> {
  if (check.hubName.toLowerCase() === 'gates') {
    const plan = await session.client.getPlan(session.plan);
    if (plan.version !== undefined && plan.version <= LEGACY_GATES_PLAN_VERSION) return { taskId: EMPTY_GUID, jobId: check.taskInstanceId };
  }
  return { taskId: check.taskInstanceId, jobId: check.jobId };
}
