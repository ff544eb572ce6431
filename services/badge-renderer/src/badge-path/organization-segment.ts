import { blobSegment, UNKNOWN_SEGMENT } from './blob-segment';

/**
 * Percent-decodes what decodes and keeps the rest as it is: an organization URL with a malformed
 * escape (`%ZZ`, a lone `%C3`) passes the contract schema, and decodeURIComponent would throw on it.
 * A kept `%` is escaped by blobSegment like any other (`a%ZZ` → `a~25ZZ`).
 */
function decodeLeniently(part: string): string {
  return part.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/**
 * The organization part of a badge path. dev.azure.com/{org} and the older {org}.visualstudio.com
 * name the same organization, so both map to `{org}`; an on-prem collection keeps host and path
 * (e.g. `tfs.example.com~2Ftfs~2FDefaultCollection`).
 */
export function organizationSegment(organizationUrl: string | undefined): string {
  if (!organizationUrl) return UNKNOWN_SEGMENT;
  let url: URL;
  try {
    url = new URL(organizationUrl);
  } catch {
    return blobSegment(organizationUrl);
  }
  const host = url.hostname.toLowerCase();
  const pathParts = url.pathname.split('/').filter(Boolean).map(decodeLeniently);
  if (host === 'dev.azure.com' && pathParts[0]) return blobSegment(pathParts[0].toLowerCase());
  const legacy = /^([^.]+)\.visualstudio\.com$/.exec(host);
  if (legacy?.[1]) return blobSegment(legacy[1]);
  const port = url.port ? `:${url.port}` : '';
  return blobSegment([`${host}${port}`, ...pathParts].join('/'));
}
