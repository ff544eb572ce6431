import { organizationIdentity } from '@switchyard/contracts';

/** `https://dev.azure.com/Fabrikam` → `https://dev.azure.com/Fabrikam/` (the form events and the allow-list use). */
export function normalizeOrganizationUrl(raw: string): string {
  const url = new URL(raw);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * The form lookups compare: organization names are case-insensitive in Azure DevOps, and a cloud
 * organization is one whichever host its URLs use (hooks of older organizations still say
 * `https://{org}.visualstudio.com/`, where a rules file may say `https://dev.azure.com/{org}`).
 */
export function organizationKey(url: string): string {
  return organizationIdentity(url) ?? normalizeOrganizationUrl(url).toLowerCase();
}
