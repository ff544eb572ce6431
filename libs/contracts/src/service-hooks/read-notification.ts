import { describeJsonType, isObject, keyAt, stringAt } from './json-access';
import type { Notification } from './notification';
import { organizationUrlOf } from './organization-url';

// The envelope id must fit a Service Bus messageId (128 characters).
const maxIdLength = 128;
const eventTypePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;
const optionalStringFields = ['publisherId', 'subscriptionId', 'createdDate'] as const;
// A lone surrogate (a \ud800-\udfff escape that is not half of a pair) is valid JSON, but no UTF-8
// encoder can write it: on a bus it becomes U+FFFD, so two different ids could arrive as one and be
// dropped as duplicates. With the u flag, \p{Cs} matches only surrogates that are not part of a pair.
const loneSurrogate = /\p{Cs}/u;
const loneSurrogateIssue = (field: string) =>
  `${field}: contains a lone surrogate (a \\ud800-\\udfff escape that is not half of a pair), which UTF-8 cannot carry`;

/** Checks the fields every notification has; returns the notification or the list of issues. */
export function readNotification(payload: unknown): Notification | { issues: string[] } {
  if (!isObject(payload)) {
    return { issues: [`body: expected a JSON object, got ${describeJsonType(payload)}`] };
  }
  const issues: string[] = [];
  const id = payload['id'];
  if (typeof id !== 'string' || id.length === 0 || id.length > maxIdLength) {
    issues.push(
      typeof id === 'string'
        ? `id: expected 1 to ${maxIdLength} characters, got ${id.length}`
        : missingOr('id', id, 'a non-empty string'),
    );
  } else if (loneSurrogate.test(id)) {
    issues.push(loneSurrogateIssue('id'));
  }
  const eventType = payload['eventType'];
  if (typeof eventType === 'string' && loneSurrogate.test(eventType)) {
    issues.push(loneSurrogateIssue('eventType'));
  } else if (typeof eventType !== 'string' || !eventTypePattern.test(eventType)) {
    issues.push(
      typeof eventType === 'string'
        ? 'eventType: expected an event type such as "build.complete" (letters, digits, ".", "-", "_"; at most 256)'
        : missingOr('eventType', eventType, 'a non-empty string'),
    );
  }
  const resource = payload['resource'];
  if (!isObject(resource)) issues.push(missingOr('resource', resource, 'a JSON object'));
  for (const field of optionalStringFields) {
    const value = payload[field];
    if (Object.prototype.hasOwnProperty.call(payload, field) && value !== null && typeof value !== 'string') {
      issues.push(`${field}: expected a string, got ${describeJsonType(value)}`);
    }
  }
  if (issues.length > 0) return { issues };
  return {
    id: id as string,
    eventType: eventType as string,
    resource: resource as Notification['resource'],
    payload,
    organizationUrl: organizationUrlOf(payload),
    projectId: keyAt(payload, 'resourceContainers', 'project', 'id') ?? stringAt(payload, 'resource', 'project', 'id'),
  };
}

/** "<field> is missing" when absent, else what was expected and what came. */
function missingOr(field: string, value: unknown, expected: string): string {
  return value === undefined ? `${field} is missing` : `${field}: expected ${expected}, got ${describeJsonType(value)}`;
}
