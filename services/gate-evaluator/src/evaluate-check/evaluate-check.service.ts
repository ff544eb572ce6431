import { Inject, Injectable } from '@nestjs/common';
import { CheckReevaluationDue, createEvent, type CheckEvaluationData, type EventEnvelope } from '@switchyard/contracts';
import { checkKeyOf, formatDuration, type ConfiguredPolicy, type Verdict } from '@switchyard/gates';
import { EventPublisher } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import type { GateEvaluatorConfig } from '../config/gate-evaluator-config';
import type { CheckRecordState } from '../decide-check/check-record';
import { DecideCheckService, EVALUATOR_SOURCE } from '../decide-check/decide-check.service';
import { handlerDeadlines, type HandlerDeadlines } from '../decide-check/lock-budget';
import { pendingDecisionOf, policyStateOf } from '../decide-check/pending-decision';
import { CLOCK, GATE_CONFIG, GATE_LOGGER } from '../gate-evaluator.di-tokens';
import { GateMetrics } from '../metrics/gate-metrics';
import { AzureDevOpsReadsAdapter } from '../policies/azure-devops-reads.adapter';
import { HttpMetricReader } from '../policies/http-metric-reader';
import { ReportProgressService } from '../report-progress/report-progress.service';
import { applyLimits, type Next } from './apply-limits';
import { CheckSessionService, type CheckSession } from './check-session.service';
import { evaluatePolicy } from './evaluate-policy';
import { originOf } from './event-origin';
import { deliveryHistory, PolicyNotLoadedError, type DeliveryHistory } from './policy-not-loaded.error';

/** Where a message stands with the bus: `count` is 1 on the first delivery; after the `last` the bus dead-letters it. */
export interface Delivery {
  count: number;
  last: boolean;
  /** The code of the failure that abandoned the previous delivery, as the bus kept it. */
  lastError: unknown;
  /** When this delivery's lock ends, when the bus says. */
  lockedUntil?: Date;
}

/**
 * One evaluation of a check (first request or scheduled re-evaluation): evaluate the policy, then
 * either post the decision (and show it in the run's log after the post) or show the progress and
 * publish the next evaluation. Everything the next evaluation needs travels in its message; nothing is
 * kept here between messages.
 */
@Injectable()
export class EvaluateCheckService {
  private readonly metricReader: HttpMetricReader;

  constructor(
    private readonly sessions: CheckSessionService,
    private readonly progress: ReportProgressService,
    private readonly decide: DecideCheckService,
    private readonly publisher: EventPublisher,
    private readonly metrics: GateMetrics,
    @Inject(GATE_CONFIG) private readonly config: GateEvaluatorConfig,
    @Inject(GATE_LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {
    this.metricReader = new HttpMetricReader(config.metricUrls);
  }

  async handle(event: EventEnvelope<CheckEvaluationData>, delivery: Delivery): Promise<void> {
    // Wall-clock, not this.clock(): the message lock runs in real time.
    const deadlines = handlerDeadlines(Date.now(), this.config.decisionDeadlineMs, delivery.lockedUntil, delivery.last);
    const check = event.data;
    const session = this.sessions.open(check);
    const pending = pendingDecisionOf(check);
    const history = deliveryHistory(delivery.count, delivery.lastError);
    // An earlier delivery may have posted the decision before it died; one that only waited for the
    // policy (below) did nothing. (A message carrying a decision to post is handled before this counts.)
    const redelivered = !history.onlyWaitsBefore;
    // Every message reads the check's record first (one GET, before anything writes to it). Azure DevOps
    // completes it when the run is canceled or the check times out there, also while evaluation 1 waited
    // in a backlog or an outage of the evaluator; then nothing is left to evaluate, show or post.
    const origin = originOf(event);
    const record = await this.decide.checkRecord(session, check, origin);
    if (pending) {
      return record.kind === 'completed'
        ? this.decide.settleCompleted(check, pending, record, origin)
        : this.decide.deliver(session, check, pending, origin, this.clock(), deadlines, this.summaryLines(this.config.policies.get(check.policy), check));
    }
    if (record.kind === 'completed' && !redelivered) {
      this.metrics.evaluations.inc({ policy: check.policy, outcome: 'ended-in-azure-devops' });
      loggerForEvent(this.logger, event).info(
        { policy: check.policy, planId: check.planId, evaluation: check.evaluation, recordResult: record.result },
        'the check is over in Azure DevOps (its timeline record is completed: run canceled, check timed out or decided there); not evaluating it, writing to it or posting to it',
      );
      return;
    }
    if (!this.config.policies.get(check.policy) && record.kind !== 'completed') {
      // The ingress and the evaluators restart one pod at a time when the policies change: a replica that
      // still runs the old file may take a check for a new policy. Another delivery may reach one that has
      // it; the last one fails the check (below), so it never goes without a decision. No hand-over here:
      // it would restart the delivery count, and a policy that never comes would be waited for forever.
      if (!delivery.last) throw this.awaitPolicy(event, history);
    } else if (redelivered && record.kind === 'open') {
      // The first run may have scheduled evaluation n+1 and died (or lost its lock) before settling this
      // message. Evaluating again would fork the check into two chains, each able to post a decision.
      // Hand over to n+1 under its fixed id instead: the bus drops it when the first run's copy exists.
      return this.handOver(event);
    }

    const stopTimer = this.metrics.evaluationSeconds.startTimer({ policy: check.policy });
    try {
      await this.evaluate(event, session, deadlines, record);
    } finally {
      stopTimer();
    }
  }

  private async evaluate(event: EventEnvelope<CheckEvaluationData>, session: CheckSession, deadlines: HandlerDeadlines, record: CheckRecordState): Promise<void> {
    const check = event.data;
    const policy = this.config.policies.get(check.policy);
    const verdict: Verdict = policy
      ? await evaluatePolicy(policy, this.factsOf(check), { now: this.clock(), azureDevOps: new AzureDevOpsReadsAdapter(session.client, check.projectId), metrics: this.metricReader }, session.secrets)
      : { outcome: 'fail', reason: `Policy "${check.policy}" is not in the gate evaluator's GATE_POLICIES_FILE; add it or fix the check URL` };
    this.metrics.evaluations.inc({ policy: check.policy, outcome: verdict.outcome });
    const now = this.clock();
    const next: Next = policy ? applyLimits(policy, check, verdict, now) : { kind: 'decide', result: 'failed', reason: verdict.reason };
    loggerForEvent(this.logger, event).info(
      { policy: check.policy, planId: check.planId, evaluation: check.evaluation, outcome: verdict.outcome, reason: verdict.reason, next: next.kind },
      'check evaluated',
    );
    // The check is over in Azure DevOps: no log line, no record update (it would reopen it), no post, no next evaluation.
    // The evaluation only recovers the decision's reason for CheckDecided.
    if (record.kind === 'completed') {
      const decision = next.kind === 'decide' ? { result: next.result, reason: next.reason, attempt: 1 } : undefined;
      return this.decide.settleCompleted(check, decision, record, originOf(event));
    }

    const lead = this.summaryLines(policy, check);
    if (next.kind === 'decide') {
      // Posted first, shown after: log and record calls cannot delay the post past postBy, and the log
      // never says "approved" for a decision that did not get through.
      await this.decide.deliver(session, check, { result: next.result, reason: next.reason, attempt: 1 }, originOf(event), now, deadlines, lead);
      return;
    }
    const logId = await this.progress.report(session, check, {
      lines: [...lead, `Evaluation ${check.evaluation}: waiting: ${next.reason}. Next evaluation at ${next.at.toISOString()}`],
      status: `Evaluation ${check.evaluation}: waiting (${next.reason})`,
      now,
      // Azure Pipelines creates the record in progress for the call: only a record read open without
      // that state is marked (with the call's time), never one that could not be read (it may be over).
      start: check.evaluation === 1 && record.kind === 'open' && record.state !== 'inProgress',
      origin: originOf(event),
    });
    await this.scheduleNext(event, { ...check, logId }, next, now);
  }

  private async scheduleNext(event: EventEnvelope<CheckEvaluationData>, check: CheckEvaluationData, next: Extract<Next, { kind: 'again' }>, now: Date): Promise<void> {
    const state = next.state ? { policy: next.state } : {};
    // The bus schedules on its own clock: keep the delay, not the instant (they differ only in tests).
    await this.publishEvaluation(event, { ...check, state }, now, new Date(Date.now() + (next.at.getTime() - now.getTime())));
  }

  private awaitPolicy(event: EventEnvelope<CheckEvaluationData>, history: DeliveryHistory): PolicyNotLoadedError {
    const check = event.data;
    this.metrics.evaluations.inc({ policy: check.policy, outcome: 'policy-not-loaded' });
    loggerForEvent(this.logger, event).warn(
      { policy: check.policy, planId: check.planId, evaluation: check.evaluation, deliveryCount: history.count },
      `policy "${check.policy}" is not in this gate evaluator's GATE_POLICIES_FILE; leaving the check to a later delivery (a rollout may bring the policy), the last one fails it`,
    );
    return new PolicyNotLoadedError(check.policy, history);
  }

  /** A redelivered evaluation whose record is open: evaluation n+1, due now, with this message's state. */
  private async handOver(event: EventEnvelope<CheckEvaluationData>): Promise<void> {
    const check = event.data;
    loggerForEvent(this.logger, event).info(
      { policy: check.policy, planId: check.planId, evaluation: check.evaluation },
      'evaluation delivered again: handing over to the next evaluation (the bus drops it if the first run scheduled it already)',
    );
    await this.publishEvaluation(event, check, this.clock());
  }

  private async publishEvaluation(event: EventEnvelope<CheckEvaluationData>, check: CheckEvaluationData, now: Date, at?: Date): Promise<void> {
    const evaluation = check.evaluation + 1;
    await this.publisher.publish(
      createEvent(CheckReevaluationDue, {
        // Deterministic: a redelivered evaluation republishes the same id, which the bus drops.
        id: `eval.${checkKeyOf(check)}.${evaluation}`,
        source: EVALUATOR_SOURCE,
        subject: check.policy,
        ...originOf(event),
        data: { ...check, evaluation, firstEvaluatedAt: check.firstEvaluatedAt ?? now.toISOString() },
      }),
      at ? { scheduledEnqueueTime: at } : undefined,
    );
  }

  private factsOf(check: CheckEvaluationData) {
    return { policy: check.policy, headers: check.headers, buildId: check.buildId, evaluation: check.evaluation, state: policyStateOf(check) };
  }

  /** The policy's summary, opening the log (in the report that creates it). */
  private summaryLines(policy: ConfiguredPolicy | undefined, check: CheckEvaluationData): string[] {
    if (check.logId !== undefined || !policy) return [];
    return [
      `switchyard gate "${policy.name}" (${policy.type}): evaluating every ${formatDuration(policy.everyMs)}, ` +
        `for at most ${formatDuration(policy.timeoutMs)} or ${policy.maxEvaluations} evaluations`,
    ];
  }
}
