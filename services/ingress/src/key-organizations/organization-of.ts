import { cloudOrganizationOf, organizationUrlFromUrl } from '@switchyard/contracts';

export interface Organization {
  /**
   * The same for the same organization, as contracts' sameOrganization compares them: a cloud one by
   * name whatever its host form (`dev.azure.com/{org}`, `{org}.visualstudio.com`), an on-prem collection
   * by its URL; both ignoring case.
   */
  readonly identity: string;
  /** Its URL as answers and logs show it: the organization or collection, nothing after it. */
  readonly url: string;
}

const cloudHost = /(^|\.)dev\.azure\.com$|\.visualstudio\.com$/i;

/**
 * The organization (cloud) or collection (on-prem) a URL belongs to: a hook's organization URL, a
 * check's PlanUrl, an entry of HOOK_KEY_ORGANIZATIONS. Undefined for what is no http(s) URL and for a
 * cloud host that names no organization (`https://dev.azure.com/`).
 */
export function organizationOf(raw: string): Organization | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const cloud = cloudOrganizationOf(url);
  if (cloud) return { identity: `cloud:${cloud.name.toLowerCase()}`, url: organizationUrlFromUrl(url.href) ?? url.origin };
  if (cloudHost.test(url.hostname)) return undefined;
  // On-prem: `…/tfs/{collection}/`, or a collection followed by `_apis`, `_git`, …, is recognised; any
  // other URL (a PlanUrl is `$(system.CollectionUri)`, a hook's baseUrl the collection's) is the collection itself.
  const recognised = organizationUrlFromUrl(url.href);
  if (recognised) return { identity: recognised.toLowerCase(), url: recognised };
  const collection = `${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
  return { identity: collection.toLowerCase(), url: shown(collection, url.origin) };
}

// A PlanUrl is the caller's text: past an origin and one path segment it may hold anything, a token too.
function shown(collection: string, origin: string): string {
  const segments = collection.slice(origin.length).split('/').filter(Boolean);
  return segments.length <= 1 && collection.length <= 200 ? collection : `${origin}/…`;
}
