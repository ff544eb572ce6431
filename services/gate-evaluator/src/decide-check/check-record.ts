import type { CheckEvaluationData } from '@switchyard/contracts';
import { redactSecrets } from '@switchyard/azure-devops';
import type { CheckSession } from '../evaluate-check/check-session.service';

/** What the check's own timeline record says about an earlier TaskCompleted. */
export type CheckRecordState =
  | { kind: 'completed'; result: string | undefined }
  | { kind: 'open' }
  | { kind: 'unread'; code: string; reason: string };

/**
 * Reads the check's timeline record (id = TaskInstanceId). Azure DevOps completes it when it accepts the
 * check's TaskCompleted, so `completed` means an earlier delivery already posted a decision. Never throws:
 * a failed read is `unread` (reason without secrets), and the caller posts as it would without the read.
 */
export async function readCheckRecord(session: CheckSession, check: CheckEvaluationData): Promise<CheckRecordState> {
  try {
    const records = await session.client.getTimelineRecords(session.plan, check.timelineId);
    const id = check.taskInstanceId.toLowerCase();
    const record = records.find((candidate) => candidate.id?.toLowerCase() === id);
    return record?.state === 'completed' ? { kind: 'completed', result: record.result } : { kind: 'open' };
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    return { kind: 'unread', code: typeof code === 'string' ? code : 'UNKNOWN', reason: redactSecrets(String((error as Error)?.message), session.secrets) };
  }
}
