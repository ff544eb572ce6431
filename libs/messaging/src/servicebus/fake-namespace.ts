import type { CorrelationRuleFilter, ServiceBusAdministrationClient, SqlRuleFilter } from '@azure/service-bus';

type Filter = SqlRuleFilter | CorrelationRuleFilter;

export const restError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { name: 'RestError', statusCode, code });

/**
 * A namespace as the administration client shows it (tests only): every call takes a few event-loop
 * turns, a new subscription gets the catch-all "$Default", a create that races another answers 409 as
 * the client does (ServiceError while the other create runs, MessageEntityAlreadyExistsError after),
 * a missing entity answers 404 MessageEntityNotFoundError, and `refuseRuleReads` answers reads of rules
 * with 401 as for an identity without Manage rights.
 */
export function fakeNamespace() {
  const topics = new Set<string>();
  const rules = new Map<string, Map<string, Filter>>(); // "topic/subscription" → its rules
  const creating = new Set<string>();
  const log: string[] = [];
  let ruleReads: Error | undefined;
  const turns = async (n = 2) => {
    for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const create = async (key: string, exists: () => boolean, make: () => void) => {
    await turns(1);
    if (creating.has(key)) throw restError(409, 'ServiceError', 'SubCode=40901. Another conflicting operation is in progress.');
    if (exists()) throw restError(409, 'MessageEntityAlreadyExistsError', `${key} already exists`);
    creating.add(key);
    await turns(3);
    creating.delete(key);
    make();
    log.push(`create ${key}`);
  };
  const rulesOf = (topic: string, subscription: string) => {
    const found = rules.get(`${topic}/${subscription}`);
    if (!found) throw restError(404, 'MessageEntityNotFoundError', `${topic}/${subscription} not found`);
    return found;
  };
  const admin = {
    topicExists: async (topic: string) => (await turns(), topics.has(topic)),
    createTopic: (topic: string) => create(topic, () => topics.has(topic), () => topics.add(topic)),
    subscriptionExists: async (topic: string, name: string) => (await turns(), rules.has(`${topic}/${name}`)),
    createSubscription: (topic: string, name: string) =>
      create(`${topic}/${name}`, () => rules.has(`${topic}/${name}`), () => rules.set(`${topic}/${name}`, new Map([['$Default', { sqlExpression: '1=1' }]]))),
    listRules: (topic: string, name: string) =>
      (async function* () {
        await turns();
        for (const [ruleName, filter] of rulesOf(topic, name)) yield { name: ruleName, filter };
      })(),
    getRule: async (topic: string, name: string, rule: string) => {
      await turns();
      if (ruleReads) throw ruleReads;
      const filter = rulesOf(topic, name).get(rule);
      if (!filter) throw restError(404, 'MessageEntityNotFoundError', `${rule} not found`);
      return { name: rule, filter, action: {} };
    },
    ruleExists: async (topic: string, name: string, rule: string) => (await turns(), rulesOf(topic, name).has(rule)),
    createRule: (topic: string, name: string, rule: string, filter: Filter) =>
      create(`${topic}/${name}/${rule}`, () => rulesOf(topic, name).has(rule), () => rulesOf(topic, name).set(rule, filter)),
    deleteRule: async (topic: string, name: string, rule: string) => {
      await turns();
      if (!rulesOf(topic, name).delete(rule)) throw restError(404, 'MessageEntityNotFoundError', `${rule} not found`);
      log.push(`delete ${topic}/${name}/${rule}`);
    },
  };
  return {
    admin: admin as unknown as ServiceBusAdministrationClient,
    log,
    topics,
    rules,
    /** A subscription made by hand, with exactly these rules. */
    addSubscription: (topic: string, name: string, withRules: Record<string, Filter>) => {
      topics.add(topic);
      rules.set(`${topic}/${name}`, new Map(Object.entries(withRules)));
    },
    refuseRuleReads: () => (ruleReads = restError(401, 'UnauthorizedRequestError', "Unauthorized access for 'GetRule'. Manage claim required.")),
    ruleNames: (subscription: string, topic = 'conformance') => [...(rules.get(`${topic}/${subscription}`)?.keys() ?? [])].sort(),
    /** The last rule created or deleted on the subscription. */
    lastChangeTo: (subscription: string) => log.filter((line) => line.includes(`conformance/${subscription}/`)).at(-1),
  };
}
