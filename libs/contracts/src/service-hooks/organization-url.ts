import { at, stringAt } from './json-access';

// Longer strings are not URLs Azure DevOps writes; refusing them keeps parsing cheap on hostile input.
const maxUrlLength = 2048;
const maxScannedTextLength = 64 * 1024;
const linkPattern = /https?:\/\/[^\s"'<>()[\]]+/gi;
// Hosts under *.visualstudio.com that are services, not organizations.
const reservedVisualStudioLabels = new Set(['app', 'www', 'vssps', 'vsrm', 'marketplace']);

function parse(raw: string): URL | undefined {
  if (raw.length > maxUrlLength) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function segmentsOf(url: URL): string[] {
  return url.pathname.split('/').filter((segment) => segment.length > 0);
}

/**
 * The Azure DevOps Services organization a URL belongs to: `{org}` of `dev.azure.com/{org}` and of its
 * service hosts (`vsrm.dev.azure.com/{org}`, …), or of `{org}.visualstudio.com` (and
 * `{org}.vsrm.visualstudio.com`), with the host form it is written in (`legacyHost`). Names compare
 * case-insensitively. Undefined for any other host: on-prem, a collection URL is all there is.
 */
export function cloudOrganizationOf(raw: string | URL): { name: string; legacyHost: boolean } | undefined {
  const url = typeof raw === 'string' ? parse(raw) : raw;
  if (!url) return undefined;
  const host = url.hostname.toLowerCase();
  if (host === 'dev.azure.com' || host.endsWith('.dev.azure.com')) {
    const organization = segmentsOf(url)[0];
    return organization && !organization.startsWith('_') ? { name: organization, legacyHost: false } : undefined;
  }
  if (host.endsWith('.visualstudio.com')) {
    const organization = host.split('.')[0];
    return organization && !reservedVisualStudioLabels.has(organization) ? { name: organization, legacyHost: true } : undefined;
  }
  return undefined;
}

const isCloud = (url: URL) => /(^|\.)dev\.azure\.com$|\.visualstudio\.com$/i.test(url.hostname);

/** An organization/collection URL and the path segments of a link that follow it. */
export interface OrganizationPath {
  organizationUrl: string;
  rest: string[];
}

/** Cloud hosts: every service host (vsrm, vssps, …) maps back to the organization's own URL. */
function cloudOrganizationUrl(organization: { name: string; legacyHost: boolean }): string {
  return organization.legacyHost ? `https://${organization.name}.visualstudio.com/` : `https://dev.azure.com/${organization.name}/`;
}

function cloudOrganizationPath(url: URL): OrganizationPath | undefined {
  const organization = cloudOrganizationOf(url);
  if (!organization) return undefined;
  const segments = segmentsOf(url);
  const rest = organization.legacyHost ? segments : segments.slice(1);
  return {
    organizationUrl: cloudOrganizationUrl(organization),
    rest: rest[0]?.toLowerCase() === 'defaultcollection' ? rest.slice(1) : rest,
  };
}

const isUnderTfs = (segments: string[]) => segments[0]?.toLowerCase() === 'tfs';

/**
 * Azure DevOps Server / TFS: a collection URL is `http(s)://{server}[:port][/virtual-directory]/{Collection}`,
 * so a URL with no path names none: it is the server's (Azure DevOps Server 2019 and later have no
 * virtual directory by default). `{origin}/tfs` is the server URL of older servers (what their admin
 * console shows, so what admins paste), and its own routes (`/tfs/_apis/…`) are the server's; a
 * collection is the segment after `/tfs`. Taking a server URL for a collection would match no hook's
 * collection, silently.
 */
function namesNoCollection(segments: string[]): boolean {
  return segments.length === 0 || (isUnderTfs(segments) && (segments[1] === undefined || segments[1].startsWith('_')));
}

/** What to tell someone whose configured URL names no organization because it is a server URL. */
export const TFS_SERVER_URL_HINT =
  'https://{server} and https://{server}/tfs are server URLs, not collections: add the collection, e.g. https://{server}/DefaultCollection or https://{server}/tfs/DefaultCollection';

/**
 * Where a link's organization (cloud) or collection (on-prem) ends: its URL as organizationUrlFromUrl
 * gives it, and the path segments after it (on cloud hosts without the `/DefaultCollection` alias).
 */
export function organizationPathOf(raw: string): OrganizationPath | undefined {
  const url = parse(raw);
  if (!url) return undefined;
  if (isCloud(url)) return cloudOrganizationPath(url);
  const segments = segmentsOf(url);
  if (isUnderTfs(segments)) {
    return namesNoCollection(segments) ? undefined : { organizationUrl: `${url.origin}/${segments[0]}/${segments[1]}/`, rest: segments.slice(2) };
  }
  const collection = segments[0];
  const hasRouteAfterCollection = segments.slice(1).some((segment) => segment.startsWith('_'));
  return collection && !collection.startsWith('_') && hasRouteAfterCollection
    ? { organizationUrl: `${url.origin}/${collection}/`, rest: segments.slice(1) }
    : undefined;
}

/**
 * The organization (cloud) or collection (on-prem) URL a link belongs to, with a trailing slash.
 * Cloud URLs are canonicalised to `https://dev.azure.com/{org}/` or `https://{org}.visualstudio.com/`
 * (`/DefaultCollection` is a legacy alias there and is dropped). On-prem: `…/tfs/{Collection}/`, or
 * `{origin}/{Collection}/` when the link has an `_apis`/`_git`/… segment after the collection.
 */
export function organizationUrlFromUrl(raw: string): string | undefined {
  return organizationPathOf(raw)?.organizationUrl;
}

/**
 * One string per organization or collection, the same for every URL that names it: a cloud
 * organization by name whatever its host form (`dev.azure.com/{org}` or `{org}.visualstudio.com`), an
 * on-prem collection by its URL (recognised in a link, else the URL itself, as a collection URL is);
 * both ignoring case. Undefined for what is no http(s) URL, for a cloud host that names no
 * organization, and for an on-prem server URL (no path, or `…/tfs`) that names no collection. For lookups keyed by
 * organization (tokens, allowed keys).
 */
export function organizationIdentity(raw: string): string | undefined {
  const url = parse(raw);
  if (!url) return undefined;
  if (isCloud(url)) {
    const organization = cloudOrganizationOf(url);
    return organization && `https://dev.azure.com/${organization.name.toLowerCase()}/`;
  }
  if (namesNoCollection(segmentsOf(url))) return undefined;
  const collection = organizationPathOf(raw)?.organizationUrl ?? `${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
  return collection.toLowerCase();
}

/** Whether two organization/collection URLs name the same one (see organizationIdentity). */
export function sameOrganization(a: string, b: string): boolean {
  const identity = organizationIdentity(a);
  return identity !== undefined && identity === organizationIdentity(b);
}

/** A `resourceContainers.*.baseUrl` is the collection URL itself; only cloud hosts need canonicalising. */
function organizationUrlFromBaseUrl(raw: string): string | undefined {
  const url = parse(raw);
  if (!url) return undefined;
  if (isCloud(url)) {
    // The organization URL alone: the path after it (cloudOrganizationPath) is not needed here, on every hook.
    const organization = cloudOrganizationOf(url);
    return organization && cloudOrganizationUrl(organization);
  }
  // A server URL (no path, or …/tfs) is no collection's: the resource's own URLs may name one.
  const segments = segmentsOf(url);
  if (namesNoCollection(segments)) return undefined;
  // Only the collection itself: a path past it (`/tfs/{C}/{project}/`, `…/_apis/…`) would be kept in the
  // event's source, where badge paths and build URLs are built from it, while organizationIdentity (the
  // bound-key check) reads only the collection. Under /tfs the collection is the one segment after it;
  // elsewhere it ends before the first route (`_apis`, …), and a path without one is the collection,
  // whatever virtual directory it holds.
  const route = segments.findIndex((segment) => segment.startsWith('_'));
  const kept = isUnderTfs(segments) ? segments.slice(0, 2) : route === -1 ? segments : segments.slice(0, route);
  if (kept.length === 0) return undefined; // `{origin}/_apis/…`: the server's own routes, no collection
  return `${url.origin}/${kept.map((segment) => `${segment}/`).join('')}`;
}

const resourceUrlPaths: string[][] = [
  ['resource', 'url'],
  ['resource', 'repository', 'url'],
  ['resource', 'repository', 'remoteUrl'],
  ['resource', 'deployment', 'release', 'url'],
  ['resource', 'release', 'url'],
  ['resource', 'environment', 'release', 'url'],
  ['resource', 'release', '_links', 'web', 'href'],
  ['resource', 'environment', 'release', '_links', 'web', 'href'],
  ['resource', 'run', '_links', 'web', 'href'],
  ['resource', 'pipeline', 'url'],
  ['resource', 'stage', '_links', 'web', 'href'],
  ['resource', 'stage', '_links', 'pipeline.web', 'href'],
  ['resource', 'definition', 'url'],
  ['resource', 'approval', 'release', 'url'],
  ['resource', '_links', 'web', 'href'],
];

const messagePaths: string[][] = [
  ['message', 'html'],
  ['message', 'markdown'],
  ['detailedMessage', 'html'],
  ['detailedMessage', 'markdown'],
];

function fromLinksIn(text: string): string | undefined {
  for (const match of text.slice(0, maxScannedTextLength).matchAll(linkPattern)) {
    const organizationUrl = organizationUrlFromUrl(match[0]);
    if (organizationUrl) return organizationUrl;
  }
  return undefined;
}

/**
 * The organization/collection URL of a service-hook notification: `resourceContainers` base URLs when
 * present, else the resource's own URLs, else the links in its messages. Undefined when none says.
 */
export function organizationUrlOf(payload: unknown): string | undefined {
  for (const container of ['collection', 'account']) {
    const baseUrl = stringAt(payload, 'resourceContainers', container, 'baseUrl');
    const organizationUrl = baseUrl && organizationUrlFromBaseUrl(baseUrl);
    if (organizationUrl) return organizationUrl;
  }
  for (const path of resourceUrlPaths) {
    const value = at(payload, ...path);
    const organizationUrl = typeof value === 'string' ? organizationUrlFromUrl(value) : undefined;
    if (organizationUrl) return organizationUrl;
  }
  for (const path of messagePaths) {
    const text = stringAt(payload, ...path);
    const organizationUrl = text && fromLinksIn(text);
    if (organizationUrl) return organizationUrl;
  }
  return undefined;
}
