import { blobSegment, UNKNOWN_SEGMENT } from './blob-segment';

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
  const pathParts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (host === 'dev.azure.com' && pathParts[0]) return blobSegment(pathParts[0].toLowerCase());
  const legacy = /^([^.]+)\.visualstudio\.com$/.exec(host);
  if (legacy?.[1]) return blobSegment(legacy[1]);
  const port = url.port ? `:${url.port}` : '';
  return blobSegment([`${host}${port}`, ...pathParts].join('/'));
}
