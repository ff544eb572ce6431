/** `https://dev.azure.com/Fabrikam` → `https://dev.azure.com/Fabrikam/` (the form events and the allow-list use). */
export function normalizeOrganizationUrl(raw: string): string {
  const url = new URL(raw);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** Organization names are case-insensitive in Azure DevOps, so lookups compare this form. */
export function organizationKey(url: string): string {
  return normalizeOrganizationUrl(url).toLowerCase();
}
