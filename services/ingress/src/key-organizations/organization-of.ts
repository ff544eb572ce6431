import { organizationIdentity, organizationUrlFromUrl } from '@switchyard/contracts';
import { shownUrl } from '../checks/read-check-request/shown-url';

export interface Organization {
  /** The same for the same organization (contracts' organizationIdentity). */
  readonly identity: string;
  /** Its organization or collection URL, nothing after it. */
  readonly url: string;
  /**
   * `url` as answers and logs quote it: the URL is the caller's text (a PlanUrl, a hook's URLs), so a
   * segment that is not short and plain (a token pasted there) is replaced by "…", as for PlanUrls.
   */
  readonly shown: string;
}

/**
 * The organization (cloud) or collection (on-prem) a URL belongs to: a hook's organization URL, a
 * check's PlanUrl, an entry of HOOK_KEY_ORGANIZATIONS. Undefined for what is no http(s) URL, for a
 * cloud host that names no organization (`https://dev.azure.com/`) and for a TFS server URL (`…/tfs`).
 */
export function organizationOf(raw: string): Organization | undefined {
  const identity = organizationIdentity(raw);
  if (identity === undefined) return undefined;
  const recognised = organizationUrlFromUrl(raw);
  // A recognised form ends at the organization or collection: each of its segments may be shown.
  if (recognised) return { identity, url: recognised, shown: shownUrl(recognised, Infinity) };
  // On-prem, any other URL (a PlanUrl is `$(system.CollectionUri)`, a hook's baseUrl the collection's) is
  // the collection itself; past its first segment it may hold anything.
  const url = new URL(raw);
  const collection = `${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
  return { identity, url: collection, shown: shownUrl(collection, 1) };
}
