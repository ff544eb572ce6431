import type { CorrelationRuleFilter, ServiceBusAdministrationClient, SqlRuleFilter } from '@azure/service-bus';
import { errorCodeOf, errorTextOf } from './servicebus-error-event';
import { RESUBMIT_RULE_NAME, RESUBMIT_TO_PROPERTY } from './subscription-rules';

export type RuleReader = Pick<ServiceBusAdministrationClient, 'getRule'>;

/**
 * Says, before a resubmit run sends its first copy, why the copy would not reach the subscription
 * (the reason becomes the run's `stoppedBy`), or undefined when it will. A copy that matches no
 * rule is dropped by Service Bus, and its dead letter would already be completed: lost silently.
 */
export type ResubmitRouteCheck = () => Promise<string | undefined>;

export interface ResubmitRuleCheckOptions {
  /** Reads the subscription's rules; undefined where they cannot be read at all (the emulator). */
  rules: RuleReader | undefined;
  /**
   * The subscription is provisioned by switchyard, always with its resubmit rule (deploy/infra, or
   * the emulator's Config.json from the topology). Only then may a run go ahead without reading it.
   */
  provisionedWithRule: boolean;
}

export function resubmitRuleCheck(topic: string, subscription: string, { rules, provisionedWithRule }: ResubmitRuleCheckOptions): ResubmitRouteCheck {
  const where = `subscription "${topic}/${subscription}"`;
  const nothingSent = 'nothing was resubmitted, every dead letter is still there';
  const unreadable = (why: string) =>
    provisionedWithRule
      ? undefined
      : `MESSAGING.RESUBMIT_RULE_UNREADABLE: ${why}, and ${where} is not one that switchyard provisions with its "${RESUBMIT_RULE_NAME}" rule, so a resubmitted copy might match no rule and be dropped; ${nothingSent}. ` +
        `Resubmit with an identity that may read its rules (Manage rights, e.g. the role Azure Service Bus Data Owner on the subscription), after making sure it has the rule: ${addRuleCommand(topic, subscription)}`;
  return async () => {
    if (!rules) return unreadable('the rules of this namespace cannot be read (the Service Bus emulator serves no management requests)');
    let filter: SqlRuleFilter | CorrelationRuleFilter;
    try {
      ({ filter } = await rules.getRule(topic, subscription, RESUBMIT_RULE_NAME));
    } catch (error) {
      const code = errorCodeOf(error);
      const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
      if (code === 'MessageEntityNotFoundError' || status === 404) {
        return `MESSAGING.RESUBMIT_RULE_MISSING: ${where} has no rule "${RESUBMIT_RULE_NAME}", so a resubmitted copy would match no rule and be dropped; ${nothingSent}. Add the rule: ${addRuleCommand(topic, subscription)}`;
      }
      if (status === 401 || status === 403) return unreadable(`reading the rules of ${where} is not permitted (HTTP ${status}: reading rules needs Manage rights)`);
      return `${code ?? 'MESSAGING.RESUBMIT_RULE_CHECK_FAILED'}: could not read the rule "${RESUBMIT_RULE_NAME}" of ${where} (${errorTextOf(error)}); ${nothingSent}. Run it again.`;
    }
    if (routesTo(filter, subscription)) return undefined;
    return (
      `MESSAGING.RESUBMIT_RULE_MISSING: the rule "${RESUBMIT_RULE_NAME}" of ${where} is not the correlation filter ${RESUBMIT_TO_PROPERTY} = ${subscription} alone, so a resubmitted copy might match no rule and be dropped; ${nothingSent}. ` +
      `Replace it: az servicebus topic subscription rule delete -g <resource group> --namespace-name <namespace> --topic-name ${topic} --subscription-name ${subscription} -n ${RESUBMIT_RULE_NAME}, then ${addRuleCommand(topic, subscription)}`
    );
  };
}

/** Exactly the filter the bus and deploy/infra create: any other field set could keep the copy out. */
function routesTo(filter: SqlRuleFilter | CorrelationRuleFilter, subscription: string): boolean {
  if ('sqlExpression' in filter) return false;
  const { applicationProperties = {}, ...systemProperties } = filter;
  const properties = Object.entries(applicationProperties);
  return (
    // The SDK may hand back unset system properties as undefined or as empty strings.
    Object.values(systemProperties).every((value) => value === undefined || value === '') &&
    properties.length === 1 &&
    properties[0][0] === RESUBMIT_TO_PROPERTY &&
    properties[0][1] === subscription
  );
}

function addRuleCommand(topic: string, subscription: string): string {
  return (
    `az servicebus topic subscription rule create -g <resource group> --namespace-name <namespace> --topic-name ${topic} --subscription-name ${subscription} ` +
    `-n ${RESUBMIT_RULE_NAME} --filter-type CorrelationFilter --correlation-filter-property ${RESUBMIT_TO_PROPERTY}=${subscription}`
  );
}
