import type { ServiceMetrics } from '@switchyard/observability';

/** Counters a platform team alerts on: builds queued, slots found already done, duplicates seen. */
export class TriggerMetrics {
  readonly matches;
  readonly builds;

  constructor(metrics: ServiceMetrics) {
    this.matches = metrics.counter<'rule'>({
      name: 'switchyard_build_trigger_matches_total',
      help: 'Rule targets that matched a pull-request event and were handed to the queue step.',
      labelNames: ['rule'],
    });
    this.builds = metrics.counter<'rule' | 'outcome'>({
      name: 'switchyard_build_trigger_builds_total',
      help: 'Queue attempts by outcome: queued, queued-untagged (queued, tags could not be added), already-queued (idempotent skip), adopted (an earlier queue request whose answer was lost had queued it; tagged now), duplicate-detected, retry-later (Azure DevOps throttling or unavailable; scheduled again), failed.',
      labelNames: ['rule', 'outcome'],
    });
  }
}
