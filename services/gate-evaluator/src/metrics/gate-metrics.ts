import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import type { ServiceMetrics } from '@switchyard/observability';
import { GATE_METRICS } from '../gate-evaluator.di-tokens';

/** The evaluator's counters. Labels are policy names and codes only: never ids, URLs or tokens. */
@Injectable()
export class GateMetrics {
  readonly evaluations: Counter<'policy' | 'outcome'>;
  readonly evaluationSeconds: Histogram<'policy'>;
  readonly decisions: Counter<'policy' | 'result'>;
  readonly decisionRetries: Counter<'policy'>;
  readonly undeliverable: Counter<'policy' | 'code'>;
  readonly progressFailures: Counter<'policy' | 'code'>;
  readonly outcomePublishFailures: Counter<'policy'>;
  readonly unreadable: Counter<'code'>;

  constructor(@Inject(GATE_METRICS) metrics: ServiceMetrics) {
    this.evaluations = metrics.counter({ name: 'switchyard_gate_evaluations_total', help: 'Policy evaluations by outcome (pass, fail, wait; ended-in-azure-devops: the check was over there, not evaluated; policy-not-loaded: not in the GATE_POLICIES_FILE of this replica, left to a later delivery)', labelNames: ['policy', 'outcome'] });
    this.evaluationSeconds = metrics.histogram({ name: 'switchyard_gate_evaluation_seconds', help: 'Time to handle one check evaluation', labelNames: ['policy'] });
    this.decisions = metrics.counter({ name: 'switchyard_gate_decisions_total', help: 'TaskCompleted decisions posted to Azure DevOps', labelNames: ['policy', 'result'] });
    this.decisionRetries = metrics.counter({ name: 'switchyard_gate_decision_retries_total', help: 'Decisions rescheduled after Azure DevOps refused them for now', labelNames: ['policy'] });
    this.undeliverable = metrics.counter({
      name: 'switchyard_gate_decisions_undeliverable_total',
      help: 'Decisions that could not be posted and went to the dead-letter queue',
      labelNames: ['policy', 'code'],
    });
    this.progressFailures = metrics.counter({ name: 'switchyard_gate_progress_failures_total', help: 'Log or timeline-record updates that failed (the check goes on)', labelNames: ['policy', 'code'] });
    this.outcomePublishFailures = metrics.counter({
      name: 'switchyard_gate_outcome_publish_failures_total',
      help: 'Decisions posted to Azure DevOps whose CheckDecided event could not be published (the event is lost)',
      labelNames: ['policy'],
    });
    this.unreadable = metrics.counter({ name: 'switchyard_gate_unusable_checks_total', help: 'Check messages dead-lettered before evaluation (token unreadable, organization not allowed)', labelNames: ['code'] });
  }
}
