import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '@switchyard/observability';
import { INGRESS_LOGGER } from '../../ingress.di-tokens';
import { ProblemError } from '../../problem/problem.error';
import { CHECKS_CONFIG } from '../checks.di-tokens';
import type { ChecksConfig } from '../config/checks-config';
import { findPolicy } from '../read-check-request/find-policy';
import { missingHeaderIssue } from '../read-check-request/missing-header-issue';
import { readPolicyHeaders } from '../read-check-request/read-check-headers';

/** What `POST /checks/{policy}/sync` answers; the check's success criterion is `eq(root['decision'], 'approved')`. */
export interface SyncDecision {
  decision: 'approved' | 'rejected';
  reason: string;
}

/**
 * ApiResponse mode for policies that decide from the request alone (build-reason, time-window).
 * "Not yet" answers rejected: Azure Pipelines asks again at the check's retry interval.
 */
@Injectable()
export class SyncCheckService {
  constructor(
    @Inject(CHECKS_CONFIG) private readonly config: ChecksConfig,
    @Inject(INGRESS_LOGGER) private readonly logger: Logger,
  ) {}

  async decide(name: string, headers: IncomingHttpHeaders, now = new Date()): Promise<SyncDecision> {
    const configured = findPolicy(this.config.policies, name);
    if (!configured.sync) {
      throw new ProblemError(
        400,
        'GATE_POLICY_NOT_SYNC',
        'Bad Request',
        `Policy "${configured.name}" (type ${configured.type}) needs Azure DevOps data and cannot answer at once; ` +
          `use callback mode: POST /checks/${configured.name} with the callback headers.`,
      );
    }
    const { values, missing } = readPolicyHeaders(headers, configured.policy.requiredHeaders);
    if (missing.length > 0) {
      throw new ProblemError(400, 'CHECK_HEADERS_MISSING', 'Bad Request', `Policy "${configured.name}" needs header(s) ${missing.join(', ')}; add them to the check's Headers.`, {
        issues: missing.map(missingHeaderIssue),
      });
    }
    const verdict = await configured.policy.evaluate({ policy: configured.name, headers: values, evaluation: 1, state: {} }, { now });
    const decision: SyncDecision = { decision: verdict.outcome === 'pass' ? 'approved' : 'rejected', reason: verdict.reason };
    this.logger.info({ policy: configured.name, decision: decision.decision, reason: decision.reason }, 'sync check decided');
    return decision;
  }
}
