import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import type { ServiceMetrics } from '@switchyard/observability';
import { INGRESS_METRICS } from '../ingress.di-tokens';
import { CHECKS_CONFIG } from './checks.di-tokens';
import type { ChecksConfig } from './config/checks-config';

export type CheckMode = 'callback' | 'sync';

/** Check calls by policy (or "unknown"), mode and answer; time from request to answer. */
@Injectable()
export class CheckMetrics {
  readonly calls: Counter<'policy' | 'mode' | 'status' | 'code'>;
  readonly ackSeconds: Histogram<'mode'>;

  constructor(
    @Inject(INGRESS_METRICS) metrics: ServiceMetrics,
    @Inject(CHECKS_CONFIG) private readonly config: ChecksConfig,
  ) {
    this.calls = metrics.counter({
      name: 'switchyard_check_calls_total',
      help: 'Azure Pipelines check calls by policy, mode, HTTP status and problem code (none when answered 200)',
      labelNames: ['policy', 'mode', 'status', 'code'],
    });
    this.ackSeconds = metrics.histogram({
      name: 'switchyard_check_ack_seconds',
      help: 'Time to answer a check call (callback mode: until the bus accepted the request)',
      labelNames: ['mode'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    });
  }

  /**
   * Counts one answered call; names that are not configured policies count as "unknown" (callers choose
   * them). `code` is a bounded label (problemCodeLabelOf).
   */
  countCall(policy: string, mode: CheckMode, status: number, code: string): void {
    this.calls.inc({ policy: this.config.policies.get(policy) ? policy : 'unknown', mode, status: String(status), code });
  }

  /** Times the handler's work (the call got past the HTTPS, key and rate checks), whatever its outcome. */
  async timeAck<T>(mode: CheckMode, work: () => Promise<T>): Promise<T> {
    const stop = this.ackSeconds.startTimer({ mode });
    try {
      return await work();
    } finally {
      stop();
    }
  }
}
