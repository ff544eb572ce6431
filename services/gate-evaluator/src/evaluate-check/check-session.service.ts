import { Inject, Injectable } from '@nestjs/common';
import type { CheckEvaluationData } from '@switchyard/contracts';
import { bearerCredential, isAzureDevOpsError, type AzureDevOpsClient, type OrganizationClient, type PlanRef } from '@switchyard/azure-devops';
import { GateTokenError, tokenContextOf, unsealToken } from '@switchyard/gates';
import { PermanentError } from '@switchyard/messaging';
import type { GateEvaluatorConfig } from '../config/gate-evaluator-config';
import { AZURE_DEVOPS_CLIENT, GATE_CONFIG } from '../gate-evaluator.di-tokens';
import { GateMetrics } from '../metrics/gate-metrics';

/**
 * Everything needed to talk to Azure DevOps about one check. The token lives only in this object, for
 * one message: the evaluator's client keeps no connection after it (reuseConnections: false).
 */
export interface CheckSession {
  client: OrganizationClient;
  plan: PlanRef;
  /** Secrets to strip from any text that leaves the process (error reasons). */
  secrets: readonly string[];
}

/**
 * Opens a check's sealed AuthToken (only now, for the outbound calls) and binds an organization client
 * to it. The token opens only for the check, organization (PlanUrl), project and hub it was sealed for.
 * A token that does not open or an organization that is not allowed cannot be fixed by retrying: the
 * message is dead-lettered with the reason.
 */
@Injectable()
export class CheckSessionService {
  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateEvaluatorConfig,
    @Inject(AZURE_DEVOPS_CLIENT) private readonly azureDevOps: AzureDevOpsClient | undefined,
    private readonly metrics: GateMetrics,
  ) {}

  open(check: CheckEvaluationData): CheckSession {
    if (!this.config.tokenKeys || !this.azureDevOps) {
      throw this.unusable('GATES.NOT_CONFIGURED', 'The gate evaluator has no GATE_POLICIES_FILE (so no GATE_TOKEN_KEY / ALLOWED_ORG_URLS); configure it and resubmit this message');
    }
    let token: string;
    try {
      token = unsealToken(check.sealedAuthToken, this.config.tokenKeys, tokenContextOf(check));
    } catch (error) {
      if (error instanceof GateTokenError) throw this.unusable(error.code, error.message);
      throw error;
    }
    try {
      const client = this.azureDevOps.forOrganization(check.planUrl, bearerCredential(token));
      return { client, plan: { projectId: check.projectId, hubName: check.hubName, planId: check.planId }, secrets: [token] };
    } catch (error) {
      if (isAzureDevOpsError(error)) throw this.unusable(error.code, error.message);
      throw error;
    }
  }

  private unusable(code: string, message: string): PermanentError {
    this.metrics.unreadable.inc({ code });
    return new PermanentError(code, message);
  }
}
