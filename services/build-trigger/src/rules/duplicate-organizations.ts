import { organizationKey } from './organization-url';

/** An `organizations:` key naming the same organization as an earlier key (`first`), both as written. */
export interface DuplicateOrganization {
  key: string;
  first: string;
}

/**
 * Keys that differ only in case, a trailing slash or the cloud host form (dev.azure.com/{org} and
 * {org}.visualstudio.com) are one organization: with two entries, which token it gets would depend on
 * their order. Keys that are not URLs are left to the schema, which reports them.
 */
export function duplicateOrganizations(file: unknown): DuplicateOrganization[] {
  const organizations = (file as { organizations?: unknown } | null)?.organizations;
  if (typeof organizations !== 'object' || organizations === null) return [];
  const seen = new Map<string, string>();
  const duplicates: DuplicateOrganization[] = [];
  for (const key of Object.keys(organizations)) {
    if (!URL.canParse(key)) continue;
    const identity = organizationKey(key);
    const first = seen.get(identity);
    if (first === undefined) seen.set(identity, key);
    else duplicates.push({ key, first });
  }
  return duplicates;
}
