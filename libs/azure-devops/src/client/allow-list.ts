import { cloudOrganizationOf, organizationUrlFromUrl, withoutUserInfo } from '@switchyard/contracts';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';

/**
 * Organization / collection base URLs that outbound calls may go to. A request is allowed only when
 * protocol and host:port are equal and its path starts with an allowed path that ends in "/", so
 * `https://dev.azure.com/fabrikam/` never admits `/fabrikam-evil/` or `dev.azure.com.evil.com`.
 */
export class OrgAllowList {
  private readonly entries: readonly URL[];

  constructor(urls: readonly string[]) {
    this.entries = urls.map((raw) => normalizeOrgUrl(raw));
  }

  static fromEnv(value: string | undefined, variable = 'ALLOWED_ORG_URLS'): OrgAllowList {
    return new OrgAllowList(parseAllowedOrgUrls(value, variable));
  }

  get urls(): string[] {
    return this.entries.map((entry) => entry.href);
  }

  isAllowed(url: string | URL): boolean {
    return this.entryFor(url) !== undefined;
  }

  /**
   * The allowed organization a URL is under (the most specific entry when entries nest), or
   * undefined. Connections keep every request, redirects included, under the entry of their base URL.
   */
  entryFor(url: string | URL): string | undefined {
    const target = toUrl(url);
    if (!target || target.username || target.password) return undefined;
    const path = target.pathname.toLowerCase();
    // An encoded slash, backslash or dot could climb out of the organization once a server decodes it.
    if (/%(2f|5c|2e)/.test(path)) return undefined;
    let found: URL | undefined;
    for (const entry of this.entries) {
      const under = entry.protocol === target.protocol && entry.host === target.host && path.startsWith(entry.pathname.toLowerCase());
      if (under && (!found || entry.pathname.length > found.pathname.length)) found = entry;
    }
    return found?.href;
  }

  /**
   * For a refused URL of a cloud organization that the list names under its other host form
   * (`dev.azure.com/{org}` and `{org}.visualstudio.com`): what to add, as a sentence; else ''. Only a
   * hint: a token is sent only to the hosts the list names, so both forms must be listed to be used.
   */
  otherHostFormHint(url: string | URL): string {
    const target = toUrl(url);
    if (!target || target.username || target.password) return '';
    const listed = this.entries.find((entry) => sameCloudOrganization(entry, target));
    const form = organizationUrlFromUrl(String(url));
    // Refused for another reason (http, a path that climbs out) when the URL's own form is the listed one.
    return listed && form && form !== listed.href ? ` ALLOWED_ORG_URLS lists this organization as ${listed.href}; add ${form} too, the form this URL uses.` : '';
  }

  /**
   * Throws `AZURE_DEVOPS.ORG_NOT_ALLOWED` unless the URL is under an allowed organization and, when
   * `scope` (an entry) is given, under that very one: a credential for one organization must not
   * follow a redirect into another, even an allowed one.
   */
  assertAllowed(url: string | URL, method = 'GET', scope?: string): void {
    const entry = this.entryFor(url);
    if (entry !== undefined && (scope === undefined || entry === scope)) return;
    const target = toUrl(url);
    const shown = describeUrl(url);
    const message =
      target && (target.username || target.password)
        ? `Refused ${method} ${shown}: the URL carries a user name or password (user:password@), and no request is ` +
          'sent with credentials in its URL. Give the organization URL without them; the token travels in a header.'
        : entry === undefined
        ? `Refused ${method} ${shown}: it is not under any organization in ALLOWED_ORG_URLS ` +
          `(${this.urls.join(', ') || 'empty'}).${this.otherHostFormHint(url) || ' Add the organization/collection base URL to ALLOWED_ORG_URLS if it is trusted.'}`
        : `Refused ${method} ${shown}: the connection is for ${scope}, and its credential is not sent to another ` +
          `organization (${entry}), even an allowed one. Call that organization with its own connection.`;
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.ORG_NOT_ALLOWED, message, { method, url: shown });
  }
}

/**
 * Whether both URLs belong to one Azure DevOps Services organization, whatever host form each uses
 * (`dev.azure.com/{org}`, `{org}.visualstudio.com`, service hosts such as `vsrm.dev.azure.com/{org}`).
 * Never for on-prem URLs: there the allow-list entries alone say what belongs together.
 */
export function sameCloudOrganization(a: string | URL, b: string | URL): boolean {
  const organization = cloudOrganizationOf(a)?.name.toLowerCase();
  return organization !== undefined && cloudOrganizationOf(b)?.name.toLowerCase() === organization;
}

/** Parses the comma-separated ALLOWED_ORG_URLS value; throws naming the variable and the bad entry. */
export function parseAllowedOrgUrls(value: string | undefined, variable = 'ALLOWED_ORG_URLS'): string[] {
  if (value === undefined || value.trim() === '') {
    throw configError(variable, `${variable} is required: a comma-separated list of organization/collection URLs, e.g. https://dev.azure.com/fabrikam/`);
  }
  const urls = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (urls.length === 0) {
    throw configError(variable, `${variable} lists no URL (only commas): give a comma-separated list of organization/collection URLs, e.g. https://dev.azure.com/fabrikam/`);
  }
  return urls.map((raw) => {
    try {
      return normalizeOrgUrl(raw).href;
    } catch (error) {
      // The entry may hold credentials (the reason it is refused): never echo them.
      throw configError(variable, `${variable} entry "${withoutUserInfo(raw)}" is invalid: ${(error as Error).message}`);
    }
  });
}

/** Absolute http(s) URL without credentials, query or fragment, with a trailing slash. */
export function normalizeOrgUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `"${withoutUserInfo(raw)}" is not an absolute URL; use e.g. https://dev.azure.com/fabrikam/`);
  }
  const problem =
    url.protocol !== 'https:' && url.protocol !== 'http:'
      ? 'only http and https URLs are allowed'
      : url.username || url.password
        ? 'credentials must not be part of the URL'
        : url.search || url.hash
          ? 'query strings and fragments are not allowed'
          : undefined;
  if (problem) throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `"${withoutUserInfo(raw)}": ${problem}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function configError(variable: string, message: string): AzureDevOpsError {
  return new AzureDevOpsError(AzureDevOpsErrorCodes.CONFIG_INVALID, message, { variable });
}

function toUrl(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The URL without its user info; never changes a URL object it is given. */
function describeUrl(url: string | URL): string {
  const parsed = toUrl(String(url));
  if (!parsed) return withoutUserInfo(String(url)).slice(0, 200);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
