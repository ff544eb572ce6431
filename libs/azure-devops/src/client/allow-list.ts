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
    const target = toUrl(url);
    if (!target || target.username || target.password) return false;
    const path = target.pathname.toLowerCase();
    // An encoded slash, backslash or dot could climb out of the organization once a server decodes it.
    if (/%(2f|5c|2e)/.test(path)) return false;
    return this.entries.some(
      (entry) =>
        entry.protocol === target.protocol &&
        entry.host === target.host &&
        path.startsWith(entry.pathname.toLowerCase()),
    );
  }

  /** Throws `AZURE_DEVOPS.ORG_NOT_ALLOWED` unless the URL is under an allowed organization. */
  assertAllowed(url: string | URL, method = 'GET'): void {
    if (this.isAllowed(url)) return;
    const shown = describeUrl(url);
    throw new AzureDevOpsError(
      AzureDevOpsErrorCodes.ORG_NOT_ALLOWED,
      `Refused ${method} ${shown}: it is not under any organization in ALLOWED_ORG_URLS ` +
        `(${this.urls.join(', ') || 'empty'}). Add the organization/collection base URL to ALLOWED_ORG_URLS if it is trusted.`,
      { method, url: shown },
    );
  }
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
  return urls.map((raw) => {
    try {
      return normalizeOrgUrl(raw).href;
    } catch (error) {
      // The entry may hold credentials (the reason it is refused): never echo them.
      throw configError(variable, `${variable} entry "${withoutCredentials(raw)}" is invalid: ${(error as Error).message}`);
    }
  });
}

/** Absolute http(s) URL without credentials, query or fragment, with a trailing slash. */
export function normalizeOrgUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `"${withoutCredentials(raw)}" is not an absolute URL; use e.g. https://dev.azure.com/fabrikam/`);
  }
  const problem =
    url.protocol !== 'https:' && url.protocol !== 'http:'
      ? 'only http and https URLs are allowed'
      : url.username || url.password
        ? 'credentials must not be part of the URL'
        : url.search || url.hash
          ? 'query strings and fragments are not allowed'
          : undefined;
  if (problem) throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `"${withoutCredentials(raw)}": ${problem}`);
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

/** The URL text with any `user:password@` part removed. */
function withoutCredentials(raw: string): string {
  return raw.replace(/\/\/[^/@\s]*@/, '//');
}

function describeUrl(url: string | URL): string {
  const parsed = toUrl(url);
  if (!parsed) return String(url).slice(0, 200);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
