import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Verdict } from '@switchyard/gates';
import type { Logger } from '@switchyard/observability';
import { INGRESS_LOGGER } from '../../ingress.di-tokens';
import { ProblemError } from '../../problem/problem.error';
import { CHECKS_CONFIG } from '../checks.di-tokens';
import type { ChecksConfig } from '../config/checks-config';
import { findPolicy } from '../read-check-request/find-policy';
import { refuseHeaderProblems } from '../read-check-request/refuse-header-problems';
import { isShown, readPolicyHeaders, type CheckHeaderLines } from '../read-check-request/read-check-headers';

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

  async decide(name: string, headers: CheckHeaderLines, keyName: string, now = new Date()): Promise<SyncDecision> {
    const configured = findPolicy(this.config.policies, name);
    // On the request's SERVER span, which otherwise looks the same for either answer. Configured
    // names and two decisions only: never a header value, which may be a token.
    const span = trace.getActiveSpan();
    span?.setAttribute('switchyard.check.policy', configured.name);
    if (!configured.sync) {
      throw new ProblemError(
        400,
        'GATE_POLICY_NOT_SYNC',
        'Bad Request',
        `Policy "${configured.name}" (type ${configured.type}) needs Azure DevOps data and cannot answer at once; ` +
          `use callback mode: POST /checks/${configured.name} with the callback headers.`,
      );
    }
    const { values, missing, issues } = readPolicyHeaders(headers, configured.policy.requiredHeaders);
    refuseHeaderProblems(missing, issues, `Policy "${configured.name}" needs header(s) ${missing.join(', ')}`);
    const evaluate = (headerValues: Record<string, string>) =>
      configured.policy.evaluate({ policy: configured.name, headers: headerValues, evaluation: 1, state: {} }, { now });
    const verdict = await evaluate(values);
    const decision: SyncDecision = {
      decision: verdict.outcome === 'pass' ? 'approved' : 'rejected',
      reason: await this.shownReason(verdict, values, evaluate),
    };
    span?.setAttribute('switchyard.check.decision', decision.decision);
    // Never the reason: it may quote a header value. The key's name shows which callers still use a key being rotated.
    this.logger.info({ policy: configured.name, decision: decision.decision, keyName }, 'sync check decided');
    return decision;
  }

  /**
   * The verdict's reason as answered (Azure Pipelines shows it in the check's log): a policy quotes the
   * header values it read, so a value that is not short and plain (a token pasted into the wrong header)
   * is described instead, as CHECK_HEADERS_INVALID does. The reason is then that of the same policy given
   * the descriptions, or, should those change its outcome, one that quotes nothing.
   */
  private async shownReason(
    verdict: Verdict,
    values: Record<string, string>,
    evaluate: (headerValues: Record<string, string>) => Promise<Verdict>,
  ): Promise<string> {
    const hidden = Object.entries(values).filter(([, value]) => !isShown(value));
    if (hidden.length === 0) return verdict.reason;
    const described = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, isShown(value) ? value : `(a value of ${value.length} characters)`]));
    const again = await evaluate(described).catch(() => undefined);
    const leaks = (reason: string) => hidden.some(([, value]) => reason.includes(value.slice(0, 8)));
    if (again && again.outcome === verdict.outcome && !leaks(again.reason)) return again.reason;
    const names = hidden.map(([name]) => name).join(', ');
    return `${verdict.outcome === 'pass' ? 'Approved' : 'Rejected'}; the reason is not shown, as it would quote header(s) ${names}, whose value is not short and plain`;
  }
}
