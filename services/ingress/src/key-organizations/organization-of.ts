import { organizationIdentity, organizationUrlFromUrl } from '@switchyard/contracts';

export interface Organization {
  /** The same for the same organization (contracts' organizationIdentity). */
  readonly identity: string;
  /** Its URL as answers and logs show it: the organization or collection, nothing after it. */
  readonly url: string;
}

/**
 * The organization (cloud) or collection (on-prem) a URL belongs to: a hook's organization URL, a
 * check's PlanUrl, an entry of HOOK_KEY_ORGANIZATIONS. Undefined for what is no http(s) URL and for a
 * cloud host that names no organization (`https://dev.azure.com/`).
 */
export function organizationOf(raw: string): Organization | undefined {
  const identity = organizationIdentity(raw);
  if (identity === undefined) return undefined;
  const recognised = organizationUrlFromUrl(raw);
  if (recognised) return { identity, url: recognised };
  // On-prem, any other URL (a PlanUrl is `$(system.CollectionUri)`, a hook's baseUrl the collection's) is the collection itself.
  const url = new URL(raw);
  return { identity, url: shown(`${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`, url.origin) };
}

// A PlanUrl is the caller's text: past an origin and one path segment it may hold anything, a token too.
function shown(collection: string, origin: string): string {
  const segments = collection.slice(origin.length).split('/').filter(Boolean);
  return segments.length <= 1 && collection.length <= 200 ? collection : `${origin}/…`;
}
