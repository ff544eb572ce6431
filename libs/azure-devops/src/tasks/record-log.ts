import type { OrganizationConnection } from '../client/organization-connection';
import { appendTaskLog, createTaskLog } from './task-logs';
import { updateTimelineRecords } from './timeline-records';
import type { PlanRef, TaskLog } from './plan.types';

export interface RecordLogRequest {
  timelineId: string;
  /** The check's TaskInstanceId: the record the log is shown under. */
  recordId: string;
  lines: readonly string[];
  /** Timestamp source for each line; defaults to now. */
  now?: () => Date;
}

/** Azure DevOps shows at most this much of one line; longer messages are cut like the samples do. */
const MAX_LINE = 1024;

export async function writeRecordLog(connection: OrganizationConnection, plan: PlanRef, request: RecordLogRequest): Promise<TaskLog> {
  const now = request.now ?? (() => new Date());
  const log = await createTaskLog(connection, plan, `logs\\${request.recordId}`);
  const text = request.lines.map((line) => `${now().toISOString()} ${line.slice(0, MAX_LINE)}\n`).join('');
  const appended = await appendTaskLog(connection, plan, log.id, text);
  await updateTimelineRecords(connection, plan, request.timelineId, [{ id: request.recordId, log: { id: log.id, path: log.path } }]);
  return { ...log, ...appended, id: log.id };
}
