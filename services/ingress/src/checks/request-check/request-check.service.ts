import { Inject, Injectable } from '@nestjs/common';
import { CheckRequested, createEvent } from '@switchyard/contracts';
import { checkKeyOf, sealToken, tokenContextOf } from '@switchyard/gates';
import { EventPublisher } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import type { IngressConfig } from '../../config/ingress-config';
import { INGRESS_CONFIG, INGRESS_LOGGER } from '../../ingress.di-tokens';
import { ProblemError } from '../../problem/problem.error';
import { busUnavailableProblem, eventInvalidProblem, isBusFailure } from '../../problem/problem-for-publish-failure';
import { HookMetadata } from '../../receive-service-hook/badge-metadata';
import { PublishDeadline } from '../../receive-service-hook/publish-deadline';
import { CHECKS_CONFIG } from '../checks.di-tokens';
import type { ChecksConfig } from '../config/checks-config';
import { findPolicy } from '../read-check-request/find-policy';
import { readCheckHeaders, type CheckHeaderLines } from '../read-check-request/read-check-headers';
import { shownUrl } from '../read-check-request/shown-url';

/**
 * Azure Pipelines waits 3 seconds for the answer to a check call and does not retry it, so the bus gets
 * at most this long, whatever HOOK_PUBLISH_TIMEOUT_MS allows hooks (which Azure DevOps does retry).
 */
export const CHECK_PUBLISH_TIMEOUT_MS = 2_000;

export interface CheckCall {
  policy: string;
  /** From `checkHeaderLines(request.raw)`, so that a repeated header is seen. */
  headers: CheckHeaderLines;
  hookKeyName: string;
}

/**
 * Callback mode: validates the call, seals the AuthToken and publishes CheckRequested. Resolves only
 * once the bus has it; no call to Azure DevOps happens here (the gate evaluator does those).
 */
@Injectable()
export class RequestCheckService {
  private readonly publishTimeoutMs: number;
  private readonly deadline: PublishDeadline;

  constructor(
    private readonly publisher: EventPublisher,
    @Inject(CHECKS_CONFIG) private readonly config: ChecksConfig,
    @Inject(INGRESS_CONFIG) ingress: IngressConfig,
    @Inject(INGRESS_LOGGER) private readonly logger: Logger,
  ) {
    this.publishTimeoutMs = Math.min(ingress.publishTimeoutMs, CHECK_PUBLISH_TIMEOUT_MS);
    this.deadline = PublishDeadline.behind(this.publishTimeoutMs);
  }

  async request(call: CheckCall): Promise<{ status: 'accepted'; id: string }> {
    const policy = findPolicy(this.config.policies, call.policy);
    const check = readCheckHeaders(call.headers, policy.policy.requiredHeaders);
    // Both are loaded whenever a policy exists (loadChecksConfig), so findPolicy has already answered 404 otherwise.
    const { tokenKeys, allowedPlanUrls } = this.config;
    if (!tokenKeys || !allowedPlanUrls?.isAllowed(check.planUrl)) {
      throw new ProblemError(
        403,
        'PLAN_URL_NOT_ALLOWED',
        'Forbidden',
        `PlanUrl ${shownUrl(check.planUrl)} is not under any organization in ALLOWED_ORG_URLS.` +
          (allowedPlanUrls?.otherHostFormHint(check.planUrl) || ' Add the organization/collection URL there if it is trusted.'),
      );
    }
    const { authToken, extra, ...ids } = check;
    const event = createEvent(CheckRequested, {
      // Azure Pipelines may resend a call it got no answer for: the same id is deduplicated by the bus.
      id: `check.${checkKeyOf(ids)}`,
      source: '/switchyard/ingress/checks',
      subject: policy.name,
      metadata: { [HookMetadata.hookKeyName]: call.hookKeyName },
      data: {
        policy: policy.name,
        ...ids,
        sealedAuthToken: sealToken(authToken, tokenKeys, tokenContextOf(ids)),
        headers: extra,
        requestedAt: new Date().toISOString(),
        evaluation: 1,
      },
    });
    const log = loggerForEvent(this.logger, event);
    try {
      await this.deadline.within(this.publisher.publish(event, { timeoutMs: this.publishTimeoutMs }));
    } catch (error) {
      const invalid = eventInvalidProblem(
        error,
        `The check call does not make a valid ${CheckRequested.type} event; the issues name the event fields that do not fit. Calling again unchanged fails the same way.`,
      );
      if (invalid) {
        log.warn({ err: error, policy: policy.name }, 'check request does not fit its contract; answered 400');
        throw invalid;
      }
      // Not the bus's: a bug, answered 503 TEMPORARILY_UNAVAILABLE and logged as an unexpected error.
      if (!isBusFailure(error)) throw error;
      log.warn({ err: error, policy: policy.name }, 'bus did not accept the check request; answered 503');
      throw busUnavailableProblem('The event bus did not accept the check request; retry later.', error);
    }
    log.info({ policy: policy.name, planId: ids.planId, jobId: ids.jobId, taskInstanceId: ids.taskInstanceId, keyName: call.hookKeyName }, 'check request accepted');
    return { status: 'accepted', id: event.id };
  }
}
