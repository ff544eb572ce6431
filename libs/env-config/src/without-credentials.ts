/**
 * A URL as a start-up line or an error may print it: without user info, query and fragment, where an
 * endpoint may carry a credential (`https://user:key@collector`, `?api-key=`, `?code=`).
 */
export function withoutCredentials(url: string | URL): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}
