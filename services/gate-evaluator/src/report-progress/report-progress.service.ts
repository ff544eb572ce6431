import { Inject, Injectable } from '@nestjs/common';
import type { CheckEvaluationData } from '@switchyard/contracts';
import { redactSecrets, type TimelineRecordUpdate } from '@switchyard/azure-devops';
import type { Logger } from '@switchyard/observability';
import type { CheckSession } from '../evaluate-check/check-session.service';
import { GATE_LOGGER } from '../gate-evaluator.di-tokens';
import { GateMetrics } from '../metrics/gate-metrics';

export interface Progress {
  /** Lines for the check's log (a timestamp is added to each). */
  lines: readonly string[];
  /** Short status for the check panel (the record's current operation). */
  status: string;
  now: Date;
}

// Azure DevOps shows at most this much of one line.
const MAX_LINE = 1024;

/**
 * Shows a check's progress on the run page: the first evaluation creates the check's log and attaches
 * it to the check's timeline record; every evaluation appends lines and updates the record. The log id
 * travels on in the check's next message, so later evaluations (on any replica) append to the same log.
 * Progress is best effort: after the client's retries a failure is logged and counted, and the check goes on.
 */
@Injectable()
export class ReportProgressService {
  constructor(
    @Inject(GATE_LOGGER) private readonly logger: Logger,
    private readonly metrics: GateMetrics,
  ) {}

  /** Returns the log id to carry on (undefined if the log could not be created). */
  async report(session: CheckSession, check: CheckEvaluationData, progress: Progress): Promise<number | undefined> {
    let logId = check.logId;
    try {
      const created = logId === undefined ? await session.client.createTaskLog(session.plan, `logs\\${check.taskInstanceId}`) : undefined;
      logId = created?.id ?? logId;
      const text = progress.lines.map((line) => `${progress.now.toISOString()} ${line.slice(0, MAX_LINE)}\n`).join('');
      await session.client.appendTaskLog(session.plan, logId as number, text);
      const record: TimelineRecordUpdate = {
        id: check.taskInstanceId,
        currentOperation: progress.status.slice(0, 256),
        ...(created && { log: { id: created.id, path: created.path }, state: 'inProgress', startTime: check.requestedAt }),
      };
      await session.client.updateTimelineRecords(session.plan, check.timelineId, [record]);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.metrics.progressFailures.inc({ policy: check.policy, code: typeof code === 'string' ? code : 'UNKNOWN' });
      this.logger.warn(
        { policy: check.policy, planId: check.planId, evaluation: check.evaluation, code, reason: redactSecrets(String((error as Error).message), session.secrets) },
        'could not update the check log or record; the evaluation goes on',
      );
    }
    return logId;
  }
}
