import { Inject, Injectable } from '@nestjs/common';
import type { CheckEvaluationData } from '@switchyard/contracts';
import { redactSecrets, type TimelineRecordUpdate } from '@switchyard/azure-devops';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import type { CheckSession } from '../evaluate-check/check-session.service';
import type { EventOrigin } from '../evaluate-check/event-origin';
import { GATE_LOGGER } from '../gate-evaluator.di-tokens';
import { GateMetrics } from '../metrics/gate-metrics';

export interface Progress {
  /** Lines for the check's log (a timestamp is added to each). */
  lines: readonly string[];
  /** Short status for the check panel (the record's current operation). */
  status: string;
  now: Date;
  /**
   * Also mark the record in progress, with the call's time as its start: only for a record just read
   * open and not in progress yet, before any decision was posted, since a record Azure DevOps completed
   * (a TaskCompleted, a canceled run, a check timed out there) would be reopened.
   */
  start?: boolean;
  /** The message being handled: a failure's line carries its eventId and correlationId, as the check's other lines do. */
  origin: EventOrigin;
}

// Azure DevOps shows at most this much of one line.
const MAX_LINE = 1024;

/**
 * Shows a check's progress on the run page: the first report creates the check's log; every report
 * appends lines and updates the check's timeline record, naming the log each time, so a log whose
 * first attach (or first append) failed is attached by the next report. The log id travels on in the
 * check's next message, so later evaluations (on any replica) append to the same log.
 * Progress is best effort: after the client's retries a failure is logged and counted, and the check
 * goes on. At most two sequential rounds of calls (create; then append and update at once).
 */
@Injectable()
export class ReportProgressService {
  constructor(
    @Inject(GATE_LOGGER) private readonly logger: Logger,
    private readonly metrics: GateMetrics,
  ) {}

  /** Returns the log id to carry on (undefined if the log could not be created). */
  async report(session: CheckSession, check: CheckEvaluationData, progress: Progress): Promise<number | undefined> {
    const path = `logs\\${check.taskInstanceId}`;
    let logId = check.logId;
    if (logId === undefined) logId = (await this.attempt(session, check, progress.origin, () => session.client.createTaskLog(session.plan, path)))?.id;
    const text = progress.lines.map((line) => `${progress.now.toISOString()} ${line.slice(0, MAX_LINE)}\n`).join('');
    const record: TimelineRecordUpdate = {
      id: check.taskInstanceId,
      currentOperation: progress.status.slice(0, 256),
      ...(logId !== undefined && { log: { id: logId, path } }),
      ...(progress.start && { state: 'inProgress', startTime: check.requestedAt }),
    };
    const shownLogId = logId;
    await Promise.all([
      shownLogId !== undefined && this.attempt(session, check, progress.origin, () => session.client.appendTaskLog(session.plan, shownLogId, text)),
      this.attempt(session, check, progress.origin, () => session.client.updateTimelineRecords(session.plan, check.timelineId, [record])),
    ]);
    return logId;
  }

  private async attempt<T>(session: CheckSession, check: CheckEvaluationData, origin: EventOrigin, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.metrics.progressFailures.inc({ policy: check.policy, code: typeof code === 'string' ? code : 'UNKNOWN' });
      loggerForEvent(this.logger, { id: origin.eventId, correlationId: origin.correlationId }).warn(
        { policy: check.policy, planId: check.planId, evaluation: check.evaluation, code, reason: redactSecrets(String((error as Error).message), session.secrets) },
        'could not update the check log or record; the evaluation goes on',
      );
      return undefined;
    }
  }
}
