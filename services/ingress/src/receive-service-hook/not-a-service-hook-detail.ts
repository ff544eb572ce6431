// normalizeServiceHook names each issue by its JSON path. The notification's own fields (`id`,
// `eventType`, `resource`, `createdDate`, …, or `body`) are checked before any event type is looked
// at; a path inside the resource (`resource.id`) or the mapped event (`data.…`) means those passed and
// the event type's contract refused the rest.
const CONTRACT_ISSUE = /^(?:resource|data)\./;

/** The NOT_A_SERVICE_HOOK detail: not a notification at all, or a notification its event type's contract refuses. */
export function notAServiceHookDetail(eventType: unknown, issues: readonly string[]): string {
  // eventType passed the notification check here (letters, digits, `.`, `-`, `_`), so it can be quoted.
  if (typeof eventType === 'string' && issues.length > 0 && issues.every((issue) => CONTRACT_ISSUE.test(issue))) {
    return `The notification lacks what a ${eventType} event needs; \`issues\` names each field.`;
  }
  return 'The JSON is not an Azure DevOps service-hook notification: it needs an id string, an eventType string and a resource object; `issues` names each field that is missing or wrong.';
}
