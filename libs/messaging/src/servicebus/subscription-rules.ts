import type { SubscriptionSpec } from '../bus/topology';

/** Application property that routes a resubmitted dead letter back to its own subscription only. */
export const RESUBMIT_TO_PROPERTY = 'switchyard-resubmit-to';
export const RESUBMIT_RULE_NAME = 'resubmit';

export interface CorrelationRule {
  name: string;
  filter: { subject?: string; applicationProperties?: Record<string, string> };
}

/**
 * The correlation rules a subscription needs: one per event type on `subject`, and one that lets a
 * resubmitted dead letter (subject not an event type) reach this subscription and no other.
 */
export function subscriptionRules(spec: SubscriptionSpec): CorrelationRule[] {
  const used = new Set<string>([RESUBMIT_RULE_NAME]);
  const rules: CorrelationRule[] = spec.eventTypes.map((type) => ({ name: uniqueRuleName(type, used), filter: { subject: type } }));
  rules.push({ name: RESUBMIT_RULE_NAME, filter: { applicationProperties: { [RESUBMIT_TO_PROPERTY]: spec.name } } });
  return rules;
}

/** Rule names are at most 50 characters of a restricted alphabet. */
function uniqueRuleName(type: string, used: Set<string>): string {
  const base = type.replace(/[^A-Za-z0-9._-]/g, '-').slice(-46);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 43)}-${i}`;
  used.add(name);
  return name;
}
