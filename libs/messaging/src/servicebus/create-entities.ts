import type { CorrelationRuleFilter, ServiceBusAdministrationClient, SqlRuleFilter } from '@azure/service-bus';
import { lockDurationMsOf, maxDeliveryCountOf, topicsOf, type SubscriptionSpec, type Topology } from '../bus/topology';
import { subscriptionRules } from './subscription-rules';

export type EntityAdmin = Pick<
  ServiceBusAdministrationClient,
  'topicExists' | 'createTopic' | 'subscriptionExists' | 'createSubscription' | 'listRules' | 'ruleExists' | 'createRule' | 'deleteRule'
>;

const DEFAULT_RULE = '$Default';

/**
 * Creates missing topics (duplicate detection on), subscriptions and their correlation rules.
 * Only for the emulator and local namespaces (SERVICEBUS_CREATE_ENTITIES=true): production
 * entities come from infrastructure code.
 *
 * Safe to run from several services at once (each creates the whole topology): an entity another
 * one created meanwhile counts as created. Rules are brought up to date on every start, so a
 * subscription left half-made by a crash, or one whose service takes a new event type, gets its rules,
 * and the rule of a type the service no longer takes goes (its messages would be dead-lettered).
 */
export async function createEntities(admin: EntityAdmin, topology: Topology, { conflictRetryMs = 1000 }: { conflictRetryMs?: number } = {}): Promise<void> {
  const ensure = (exists: () => Promise<boolean>, create: () => Promise<unknown>) => ensureExists(exists, create, conflictRetryMs);
  for (const topic of topicsOf(topology)) {
    await ensure(
      () => admin.topicExists(topic),
      () => admin.createTopic(topic, { requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: 'PT10M' }),
    );
  }
  for (const spec of topology.subscriptions) {
    await ensure(
      () => admin.subscriptionExists(spec.topic, spec.name),
      () => admin.createSubscription(spec.topic, spec.name, { maxDeliveryCount: maxDeliveryCountOf(spec), lockDuration: `PT${Math.round(lockDurationMsOf(spec) / 1000)}S` }),
    );
    await ensureRules(admin, spec, ensure);
  }
}

type Ensure = (exists: () => Promise<boolean>, create: () => Promise<unknown>) => Promise<void>;

/**
 * Adds the rules the subscription lacks, then removes the catch-all "$Default" a new subscription
 * gets and the rules of types it no longer takes. In that order: without any rule the subscription
 * would miss the messages published meanwhile. A "$Default" with a real filter (as deploy/infra
 * writes it) is left alone.
 */
async function ensureRules(admin: EntityAdmin, spec: SubscriptionSpec, ensure: Ensure): Promise<void> {
  const existing = new Map<string, SqlRuleFilter | CorrelationRuleFilter>();
  for await (const rule of admin.listRules(spec.topic, spec.name)) existing.set(rule.name, rule.filter);
  for (const rule of subscriptionRules(spec)) {
    if (existing.has(rule.name)) continue;
    await ensure(
      () => admin.ruleExists(spec.topic, spec.name, rule.name),
      () => admin.createRule(spec.topic, spec.name, rule.name, rule.filter),
    );
  }
  const wanted = new Set(subscriptionRules(spec).map((rule) => rule.name));
  const stale = [...existing].filter(([name, filter]) => (name === DEFAULT_RULE ? isTrueFilter(filter) : !wanted.has(name))).map(([name]) => name);
  for (const name of stale) {
    await admin.deleteRule(spec.topic, spec.name, name).catch((error: unknown) => {
      if (codeOf(error) !== 'MessageEntityNotFoundError') throw error; // another replica deleted it first
    });
  }
}

function isTrueFilter(filter: SqlRuleFilter | CorrelationRuleFilter): boolean {
  return 'sqlExpression' in filter && filter.sqlExpression?.replace(/\s+/g, '') === '1=1';
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * Creates an entity unless it exists. The administration client answers a create that lost a race
 * with 409: RestError code MessageEntityAlreadyExistsError once the other create finished, a plain
 * 409 (SubCode=40901, "another conflicting operation is in progress") while it still runs.
 */
async function ensureExists(exists: () => Promise<boolean>, create: () => Promise<unknown>, retryMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await exists()) return;
    try {
      await create();
      return;
    } catch (error) {
      if (codeOf(error) === 'MessageEntityAlreadyExistsError') return;
      if ((error as { statusCode?: unknown })?.statusCode !== 409 || attempt >= MAX_CONFLICT_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryMs * attempt));
    }
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}
