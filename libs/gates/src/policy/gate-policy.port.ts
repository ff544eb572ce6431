import type { AzureDevOpsReads, MetricReader } from './policy-reads.port';
import type { Verdict } from './verdict';

/** The check call as policies see it: headers are keyed lower-case; no AuthToken in here. */
export interface CheckFacts {
  readonly policy: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly buildId?: string;
  /** 1 for the first evaluation. */
  readonly evaluation: number;
  /** What the previous evaluation of this check left (e.g. consecutive passes). */
  readonly state: Readonly<Record<string, unknown>>;
}

/** What a policy may use while it evaluates. Sync evaluation (in the ingress) gets only `now`. */
export interface PolicyContext {
  readonly now: Date;
  readonly azureDevOps?: AzureDevOpsReads;
  readonly metrics?: MetricReader;
}

/** A configured policy instance: decides a check, once or over many evaluations. */
export interface GatePolicy {
  /** Request headers it needs; the ingress answers 400 listing those missing. */
  readonly requiredHeaders: readonly string[];
  /** URLs outside Azure DevOps it calls; checked against ALLOWED_METRIC_URLS at start-up. */
  readonly outboundUrls?: readonly string[];
  evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict>;
}
