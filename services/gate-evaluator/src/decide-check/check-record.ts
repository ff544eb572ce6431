import type { CheckEvaluationData } from '@switchyard/contracts';
import { redactSecrets } from '@switchyard/azure-devops';
import type { CheckSession } from '../evaluate-check/check-session.service';

/**
 * What the check's own timeline record says: `completed` after a TaskCompleted Azure DevOps accepted, or
 * when it ended the check itself (run canceled, check timed out); `open` with the record's state
 * (`inProgress` as Azure Pipelines creates it for the call, `pending`, or undefined for a record without
 * one or not there at all).
 */
export type CheckRecordState =
  | { kind: 'completed'; result: string | undefined }
  | { kind: 'open'; state: string | undefined }
  | { kind: 'unread'; code: string; reason: string };

/**
 * Reads the check's timeline record (id = TaskInstanceId). Azure DevOps completes it when it accepts the
 * check's TaskCompleted or ends the check itself, so `completed` means there is nothing left to decide.
 * Never throws: a failed read is `unread` (reason without secrets), and the caller goes on as it would
 * without the read.
 */
export async function readCheckRecord(session: CheckSession, check: CheckEvaluationData): Promise<CheckRecordState> {
  try {
    const records = await session.client.getTimelineRecords(session.plan, check.timelineId);
    const id = check.taskInstanceId.toLowerCase();
    const record = records.find((candidate) => candidate.id?.toLowerCase() === id);
    return record?.state === 'completed' ? { kind: 'completed', result: record.result } : { kind: 'open', state: record?.state };
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    return { kind: 'unread', code: typeof code === 'string' ? code : 'UNKNOWN', reason: redactSecrets(String((error as Error)?.message), session.secrets) };
  }
}
