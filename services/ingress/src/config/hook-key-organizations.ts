import { normalizeOrgUrl } from '@switchyard/azure-devops';
import { TFS_SERVER_URL_HINT } from '@switchyard/contracts';
import { organizationOf } from '../key-organizations/organization-of';
import { ConfigError } from './config.error';

const VARIABLE = 'HOOK_KEY_ORGANIZATIONS';
const EXAMPLE = 'ado-prod=https://dev.azure.com/fabrikam https://dev.azure.com/contoso;tfs-onprem=https://tfs.corp/tfs/DefaultCollection';

/**
 * Parses `HOOK_KEY_ORGANIZATIONS`: `key-name=URL URL…` entries separated by `;`, the URLs by spaces or
 * commas (no organization or collection name holds `;`, `=`, `,` or a space). Returns key name →
 * organization/collection URLs; a key it does not name stays unbound. Errors name entries and URLs by
 * position only: an unknown key name may be a secret pasted by mistake, and a URL's query may hold a key.
 */
export function parseHookKeyOrganizations(value: string | undefined, keyNames: readonly string[]): Map<string, string[]> {
  const bindings = new Map<string, string[]>();
  if (!value?.trim()) return bindings;
  const positions = new Map<string, string>();
  value.split(';').forEach((entry, index) => {
    const trimmed = entry.trim();
    if (!trimmed) return;
    const position = `entry ${index + 1}`;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new ConfigError(VARIABLE, `${position} is not key-name=URL [URL…]; write e.g. "${EXAMPLE}"`);
    const name = trimmed.slice(0, equals).trim();
    if (!keyNames.includes(name)) {
      throw new ConfigError(VARIABLE, `${position} names a key that HOOK_KEYS does not define; use one of its key names (${keyNames.join(', ')})`);
    }
    const earlier = positions.get(name);
    if (earlier) throw new ConfigError(VARIABLE, `${position} binds key "${name}" again, after ${earlier}; list all of its organizations in one entry`);
    positions.set(name, position);
    const urls = trimmed.slice(equals + 1).split(/[\s,]+/).filter(Boolean);
    if (urls.length === 0) {
      throw new ConfigError(
        VARIABLE,
        `${position} binds key "${name}" to no URL; list its organization/collection URLs after the "=", or leave the key out to let it post for any organization`,
      );
    }
    bindings.set(name, urls.map((url, urlIndex) => organizationUrl(url, `${position}, URL ${urlIndex + 1}`)));
  });
  if (bindings.size === 0) throw new ConfigError(VARIABLE, `holds no key-name=URL entry; write e.g. "${EXAMPLE}", or leave it unset`);
  return bindings;
}

const URL_FORMS = 'https://dev.azure.com/{organization}, https://{organization}.visualstudio.com or https://{server}/tfs/{collection}';

/** The organization/collection URL an entry names, as normalizeOrgUrl writes it; throws unless it is exactly one. */
function organizationUrl(raw: string, position: string): string {
  let href: string;
  try {
    href = normalizeOrgUrl(raw).href;
  } catch {
    throw new ConfigError(VARIABLE, `${position} ${whyRefused(raw)}; write ${URL_FORMS}`);
  }
  const organization = organizationOf(href);
  if (organization === undefined) throw new ConfigError(VARIABLE, `${position} names no organization or collection; write ${URL_FORMS} (${TFS_SERVER_URL_HINT})`);
  // A URL inside an organization (a project, a page) would bind the whole organization: say so rather than widen it silently.
  const exact = organization.url.toLowerCase() === href.toLowerCase();
  if (!exact) throw new ConfigError(VARIABLE, `${position} is a URL inside ${organization.url}, not an organization/collection URL; write ${organization.url}`);
  return href;
}

// normalizeOrgUrl's message quotes the URL, query included: only what is wrong is said here.
function whyRefused(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.username || url.password) return 'holds credentials (user:password@), which must not be there';
  if (url.search || url.hash) return 'has a query string or fragment, which must not be there';
  return 'is not an http or https URL';
}
