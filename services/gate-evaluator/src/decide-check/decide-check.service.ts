import { Inject, Injectable } from '@nestjs/common';
import { CheckDecided, CheckReevaluationDue, createEvent, type CheckEvaluationData } from '@switchyard/contracts';
import { isAzureDevOpsError, isRetryable, redactSecrets } from '@switchyard/azure-devops';
import { checkKeyOf } from '@switchyard/gates';
import type { EventOrigin } from '../evaluate-check/event-origin';
import { EventPublisher, PermanentError } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import type { GateEvaluatorConfig } from '../config/gate-evaluator-config';
import type { CheckSession } from '../evaluate-check/check-session.service';
import { GATE_CONFIG, GATE_LOGGER } from '../gate-evaluator.di-tokens';
import { GateMetrics } from '../metrics/gate-metrics';
import { ReportProgressService } from '../report-progress/report-progress.service';
import { type CheckRecordState, readCheckRecord } from './check-record';
import { lockBudget, LockBudgetExceededError, type HandlerDeadlines } from './lock-budget';
import { withPendingDecision, type PendingDecision } from './pending-decision';
import { PostedDecisions } from './posted-decisions';
import { taskCompletedIds } from './task-completed-ids';

export const EVALUATOR_SOURCE = '/switchyard/gate-evaluator';

/** CheckDecided publish tries (each bounded by its timeout), so announcing stays well inside the lock. */
export const outcomePublish = { attempts: 3, timeoutMs: 2_000, retryDelayMs: 200 } as const;

/** One delivery of a decision: what posting it, and reporting or retrying it when it is not posted, need. */
interface DecisionDelivery {
  session: CheckSession;
  check: CheckEvaluationData;
  decision: PendingDecision;
  origin: EventOrigin;
  now: Date;
  /** Log lines that go before the decision's (the policy summary of a first evaluation). */
  lead: readonly string[];
}

/**
 * Posts TaskCompleted for a decided check. Exactly one decision per check:
 * - a decision is posted from one message only: the final evaluation, or a decision retry that
 *   message scheduled (deterministic ids, so a redelivered message cannot fork a second one);
 * - posting is the last step that can fail; CheckDecided is published after it, retried a few times
 *   in-process, and then given up (logged and counted), never retried by redelivery (which would post again);
 * - no post starts after `postBy` (the handler's share of the message lock), so a run cannot post while
 *   its message is already redelivered: a decision ready later is handled as a failed post, and a
 *   decision retry (which reads only the record, and a release gate's plan, before it posts) delivers it,
 *   as long as the lock still covers publishing that retry, or on the message's last delivery; later,
 *   the message is abandoned and its redelivery goes on instead, so the check never continues in two
 *   chains (lock-budget.ts). A release gate's plan read that fails after `postBy` is handled alike;
 * - a replica remembers what it posted, for redeliveries that come back to it;
 * - a message that may follow a post that got through (a redelivery, or a decision retry) first reads the
 *   check's timeline record (`checkRecord`): when Azure DevOps already completed it, the message is
 *   settled without posting (`settleCompleted`). A failed read posts as before.
 * Throttling/outages: the client retries with backoff; then the decision is rescheduled on the bus
 * (GATE_DECISION_ATTEMPTS, GATE_DECISION_RETRY_DELAY doubling), and finally dead-lettered with the reason.
 */
@Injectable()
export class DecideCheckService {
  private readonly posted = new PostedDecisions();

  constructor(
    private readonly publisher: EventPublisher,
    private readonly progress: ReportProgressService,
    private readonly metrics: GateMetrics,
    @Inject(GATE_CONFIG) private readonly config: GateEvaluatorConfig,
    @Inject(GATE_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Posts the decision, then shows it: the log line ("Evaluation n: approved: …") and the record's status
   * are written only after Azure DevOps took the decision, so the run page never reports one that did not
   * get through, and slow log or record calls never push the post past `postBy`. `lead` are log lines
   * that go before the decision's (the policy summary of a first evaluation).
   */
  async deliver(
    session: CheckSession,
    check: CheckEvaluationData,
    decision: PendingDecision,
    origin: EventOrigin,
    now: Date,
    deadlines: HandlerDeadlines,
    lead: readonly string[] = [],
  ): Promise<void> {
    const key = checkKeyOf(check);
    const log = this.logFor(check, origin);
    if (this.posted.has(key)) {
      log.info({ result: decision.result }, 'decision already posted by this replica; not posting again');
      return;
    }
    const delivery: DecisionDelivery = { session, check, decision, origin, now, lead };
    let ids: { taskId: string; jobId: string };
    try {
      // Read before the deadline check (a release gate's plan version): after it, only the post may run.
      ids = await taskCompletedIds(session, check);
    } catch (error) {
      // Nothing bounds the read: failing after the deadline, it is a late decision (nothing written, a
      // retry only while the lock covers its publish), not a failed post, which the lock budget covers.
      if (Date.now() > deadlines.postBy) await this.handOverLate(delivery, deadlines, log, error);
      else await this.failed(delivery, error);
      return;
    }
    if (Date.now() > deadlines.postBy) {
      await this.handOverLate(delivery, deadlines, log);
      return;
    }
    try {
      await session.client.postTaskCompleted(session.plan, { ...ids, result: decision.result });
    } catch (error) {
      await this.failed(delivery, error);
      return;
    }
    this.posted.add(key);
    this.metrics.decisions.inc({ policy: check.policy, result: decision.result });
    log.info({ result: decision.result, reason: decision.reason, evaluations: check.evaluation }, 'decision posted');
    const verb = decision.result === 'succeeded' ? 'approved' : 'rejected';
    const line = `Evaluation ${check.evaluation}: ${verb}: ${decision.reason}${decision.attempt > 1 ? ` (decision delivered on attempt ${decision.attempt})` : ''}`;
    await Promise.all([
      this.announce(check, decision, origin, log),
      this.progress.report(session, check, { lines: [...lead, ...(decision.unshown ?? []), line], status: `Decision: ${decision.result} (${decision.reason})`, now, origin }),
    ]);
  }

  /**
   * A decision ready after `postBy` is not posted (nor one whose read before the post, `readError`,
   * failed after it). When its attempts are not used up it goes to a decision retry, but only while the
   * lock still covers that retry's publish: with less left the lock may already be lost and a redelivery
   * handing over (to the next evaluation, or posting this retry again), and a retry published now would
   * continue the check in a second chain. Then the message is abandoned instead, and the redelivery alone
   * goes on. On the message's last delivery no redelivery follows (the bus dead-letters it when the lock
   * ends), so the retry is published however little lock is left: abandoning would lose the decision.
   */
  private async handOverLate(delivery: DecisionDelivery, deadlines: HandlerDeadlines, log: Logger, readError?: unknown): Promise<void> {
    const { session, decision } = delivery;
    const elapsedMs = Date.now() - deadlines.startedAt;
    const lockLeftMs = deadlines.lockEndsAt - Date.now();
    // A read refused for good publishes no retry (the decision is dead-lettered), so it cannot fork the check.
    const retrying = decision.attempt < this.config.decisionAttempts && (readError === undefined || isRetryable(readError));
    const details = {
      result: decision.result,
      elapsedMs,
      lockLeftMs,
      attempt: decision.attempt,
      ...(readError !== undefined && { readError: { code: String((readError as { code?: unknown }).code ?? 'UNKNOWN'), message: redactSecrets(String((readError as Error).message), session.secrets) } }),
    };
    const what = readError === undefined ? 'decision ready after the lock budget' : 'decision ready, but its read before the post failed after the lock budget';
    if (retrying && lockLeftMs < lockBudget.lateHandOffMs) {
      if (!deadlines.lastDelivery) {
        log.warn(details, `${what}, with too little of the message lock left to hand it to a decision retry; abandoning the message, its redelivery goes on`);
        throw new LockBudgetExceededError(elapsedMs, this.config.decisionDeadlineMs, lockLeftMs);
      }
      log.warn(details, `${what}, with little of the message lock left, on the message's last delivery (no redelivery can go on instead); a decision retry will post it`);
    } else {
      log.warn(details, `${what}; not posting it${retrying ? ', a decision retry will' : ''}`);
    }
    await this.failed(delivery, readError ?? new LockBudgetExceededError(elapsedMs, this.config.decisionDeadlineMs), true);
  }

  /**
   * The result of the check's record when Azure DevOps already completed it, else undefined. Read before
   * anything writes to the record (the progress report would reopen it). A failed read is logged and
   * reads as "not completed", so the decision is posted as without the read: it never blocks one.
   */
  async checkRecord(session: CheckSession, check: CheckEvaluationData, origin: EventOrigin): Promise<CheckRecordState> {
    const record = await readCheckRecord(session, check);
    if (record.kind === 'unread') {
      this.logFor(check, origin).warn({ code: record.code, reason: record.reason }, "could not read the check's timeline record; going on as if no decision had been delivered");
    }
    return record;
  }

  /**
   * Settles a check whose record Azure DevOps already completed: an earlier delivery posted the decision
   * and did not get to complete its message. Posts nothing; announces CheckDecided as after a post (same
   * id, so the bus drops it if the earlier delivery announced it too) when the record has this decision's
   * result. A record completed otherwise (cancelled, timed out, or a policy that changed its mind) is
   * logged: the decision it carries is not this one, so nothing is announced.
   */
  async settleCompleted(check: CheckEvaluationData, decision: PendingDecision | undefined, record: { result: string | undefined }, origin: EventOrigin): Promise<void> {
    const log = this.logFor(check, origin);
    this.posted.add(checkKeyOf(check));
    if (decision && decision.result === record.result) {
      log.info({ result: decision.result, reason: decision.reason, evaluations: check.evaluation }, "decision already delivered (the check's timeline record is completed); not posting again");
      await this.announce(check, decision, origin, log);
      return;
    }
    log.warn({ result: decision?.result, recordResult: record.result }, "the check's timeline record is already completed, not with this decision; not posting");
  }

  private logFor(check: CheckEvaluationData, origin: EventOrigin): Logger {
    return loggerForEvent(this.logger, { id: origin.eventId, correlationId: origin.correlationId }).child({
      policy: check.policy,
      planId: check.planId,
      jobId: check.jobId,
      taskInstanceId: check.taskInstanceId,
    });
  }

  /** `late`: after `postBy`, when the lock left may cover only the retry's publish. */
  private async failed(delivery: DecisionDelivery, error: unknown, late = false): Promise<void> {
    const { session, check, decision, origin, now, lead } = delivery;
    const code = String((error as { code?: unknown }).code ?? 'UNKNOWN');
    const message = redactSecrets(String((error as Error).message), session.secrets);
    // Not "approved"/"rejected": that is said once the decision got through.
    const outcome = `Evaluation ${check.evaluation}: the policy ${decision.result === 'succeeded' ? 'passed' : 'failed'} (${decision.reason})`;
    // The client's advice to check a write's effect before sending it again is for operators: here the
    // evaluator itself reads the check's record before it posts again, so the run page shows only the
    // failure, which the client keeps as the cause.
    const failure = isAzureDevOpsError(error) && isAzureDevOpsError(error.cause) ? redactSecrets(error.cause.message, session.secrets) : message;
    const tooSlow = error instanceof LockBudgetExceededError;
    const retryable = tooSlow || isRetryable(error);
    const attempts = `attempt ${decision.attempt} of ${this.config.decisionAttempts}: ${code}: ${failure}`;
    const unshown = decision.unshown ?? [];
    if (retryable && decision.attempt < this.config.decisionAttempts) {
      // An evaluation's decision that came too late lost its time to the evaluation's reads, not to Azure
      // DevOps refusing it: its retry goes at once. Later attempts back off, from slowness as from refusals.
      const backoffMs = tooSlow && decision.attempt === 1 ? 0 : this.config.decisionRetryDelayMs * 2 ** (decision.attempt - 1);
      // A throttled (429) or unavailable (503) post may say when to come back: an attempt before then is
      // refused again and uses up one of the few. Honoured up to the longest delay the retries have anyway
      // (the last one's: 8 minutes by default), so a bogus Retry-After cannot park a decision for hours.
      const retryAfterMs = isAzureDevOpsError(error) ? (error.details.retryAfterMs ?? 0) : 0;
      const delayMs = Math.max(backoffMs, Math.min(retryAfterMs, this.config.decisionRetryDelayMs * 2 ** Math.max(0, this.config.decisionAttempts - 2)));
      const at = new Date(Date.now() + delayMs);
      const line = `${outcome}, but the decision could not be posted yet (${attempts}); next attempt at ${at.toISOString()}`;
      // A late decision writes nothing before its retry is on the bus: the log and record calls (up to
      // 20 s) would eat the lock it has left, and after the publish the retry may already be writing.
      // The retry shows the line, before its own.
      const logId = late
        ? check.logId
        : await this.progress.report(session, check, { lines: [...lead, ...unshown, line], status: `Posting the decision (${decision.result}) again at ${at.toISOString()}`, now, origin });
      const next: PendingDecision = { result: decision.result, reason: decision.reason, attempt: decision.attempt + 1, ...(late && { unshown: [...unshown, line] }) };
      await this.publisher.publish(
        createEvent(CheckReevaluationDue, {
          id: `decide.${checkKeyOf(check)}.${next.attempt}`,
          source: EVALUATOR_SOURCE,
          subject: check.policy,
          ...origin,
          data: { ...check, logId, state: withPendingDecision(check, next) },
        }),
        { scheduledEnqueueTime: at, timeoutMs: lockBudget.retryPublishTimeoutMs },
      );
      this.metrics.decisionRetries.inc({ policy: check.policy });
      this.logFor(check, origin).warn({ code, attempt: decision.attempt, retryInMs: delayMs }, 'decision not delivered yet; retrying later');
      return;
    }
    this.metrics.undeliverable.inc({ policy: check.policy, code });
    const reason =
      `TaskCompleted(${decision.result}) for check ${checkKeyOf(check)} (policy ${check.policy}) could not be posted ` +
      `after ${decision.attempt} attempt(s): ${code}: ${message}`;
    await this.progress.report(session, check, {
      // A refusal that posting again cannot change ends the attempts at once: no "attempt 1 of 6".
      lines: [...lead, ...unshown, `${outcome}. Could not deliver the decision (${decision.result}), ${retryable ? attempts : `refused for good: ${code}: ${failure}`}`],
      status: 'Decision not delivered',
      now,
      origin,
    });
    throw new PermanentError('GATE.DECISION_UNDELIVERABLE', reason);
  }

  private async announce(check: CheckEvaluationData, decision: PendingDecision, origin: EventOrigin, log: Logger): Promise<void> {
    const event = createEvent(CheckDecided, {
      id: `decided.${checkKeyOf(check)}`,
      source: EVALUATOR_SOURCE,
      subject: check.policy,
      ...origin,
      data: {
        policy: check.policy,
        planId: check.planId,
        jobId: check.jobId,
        taskInstanceId: check.taskInstanceId,
        result: decision.result,
        reason: decision.reason,
        evaluations: check.evaluation,
      },
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.publisher.publish(event, { timeoutMs: outcomePublish.timeoutMs });
        return;
      } catch (error) {
        if (attempt >= outcomePublish.attempts) {
          // The decision itself is delivered; redelivering the message to announce it would post it twice.
          this.metrics.outcomePublishFailures.inc({ policy: check.policy });
          log.error({ err: error, result: decision.result, attempts: attempt }, 'decision posted but CheckDecided could not be published; the outcome event is lost');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, outcomePublish.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }
}
