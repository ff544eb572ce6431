import { OrgAllowList } from '@switchyard/azure-devops';
import { assertTokenKeysWellFormed, createPolicyRegistry, gatePoliciesFromEnv, tokenKeyRingFromEnv, type GatePolicies, type TokenKeyRing } from '@switchyard/gates';

export interface ChecksConfig {
  policies: GatePolicies;
  /** Present whenever policies are configured. */
  tokenKeys?: TokenKeyRing;
  /** Organizations a check's PlanUrl may point at (ALLOWED_ORG_URLS); present whenever policies are configured. */
  allowedPlanUrls?: OrgAllowList;
}

/**
 * GATE_POLICIES_FILE is optional for the ingress (without it every check answers 404); once it names
 * policies, GATE_TOKEN_KEY and ALLOWED_ORG_URLS become required and are checked at start-up (a
 * GATE_TOKEN_KEY set without policies is checked too).
 */
export function loadChecksConfig(env: Record<string, string | undefined>): ChecksConfig {
  const policies = gatePoliciesFromEnv(env, createPolicyRegistry());
  if (policies.names.length === 0) {
    assertTokenKeysWellFormed(env);
    return { policies };
  }
  return {
    policies,
    tokenKeys: tokenKeyRingFromEnv(env),
    allowedPlanUrls: OrgAllowList.fromEnv(env['ALLOWED_ORG_URLS']),
  };
}
