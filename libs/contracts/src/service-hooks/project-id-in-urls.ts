import { stringAt } from './json-access';
import type { Notification } from './notification';
import { organizationPathOf, sameOrganization } from './organization-url';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The project GUID a resource's own links carry: the path segment right after the organization or
 * collection, when a route (`_apis`, `_build`, …) follows it. A project name there is not taken: an
 * on-prem link outside `/tfs` is read by position alone, and a misread segment would publish a badge
 * under a plausible but wrong project, where an event without a project is dead-lettered, visibly.
 * Links of another organization than the event's are skipped; links naming two projects give none.
 */
export function projectIdInUrls(notification: Notification, paths: readonly string[][]): string | undefined {
  const { organizationUrl } = notification;
  if (organizationUrl === undefined) return undefined;
  let found: string | undefined;
  for (const path of paths) {
    const raw = stringAt(notification.resource, ...path);
    const located = raw === undefined ? undefined : organizationPathOf(raw);
    if (!located || !sameOrganization(located.organizationUrl, organizationUrl)) continue;
    const [segment, route] = located.rest;
    if (!segment || !guidPattern.test(segment) || !route?.startsWith('_')) continue;
    const id = segment.toLowerCase();
    if (found !== undefined && found !== id) return undefined;
    found = id;
  }
  return found;
}
