/**
 * The Azure DevOps Services organization a URL belongs to, lower-cased: `{org}` of
 * `https://dev.azure.com/{org}/` and of its service hosts (`vsrm.dev.azure.com/{org}/`, …), or of
 * `https://{org}.visualstudio.com/` (and `{org}.vsrm.visualstudio.com`). Undefined for any other host:
 * on Azure DevOps Server only the allow-list entry itself identifies the collection.
 */
export function cloudOrganizationOf(url: string | URL): string | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  if (host === 'dev.azure.com' || host.endsWith('.dev.azure.com')) {
    const organization = parsed.pathname.split('/').find((segment) => segment.length > 0);
    return organization && !organization.startsWith('_') ? organization.toLowerCase() : undefined;
  }
  if (host.endsWith('.visualstudio.com')) {
    const organization = host.split('.')[0];
    return organization && !['app', 'www', 'vssps', 'vsrm', 'marketplace'].includes(organization) ? organization : undefined;
  }
  return undefined;
}
