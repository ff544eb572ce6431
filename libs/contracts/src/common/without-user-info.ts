/**
 * A URL as it may be quoted in an error: without its user info. The user info runs to the last @ of
 * the text (a password written into a URL may hold an unencoded / or @, which a URL parser would take
 * for the path), so a URL that does not even parse is quoted without it too.
 */
export function withoutUserInfo(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)\S*@/i, '$1').replace(/\/\/[^/@\s]*@/, '//');
}

/**
 * A URL as it may be quoted where its query or fragment may hold a key or a signature too: without its
 * user info (first, since a password may hold a `?` or `#`), query and fragment.
 */
export function quotedUrl(raw: string): string {
  return withoutUserInfo(raw).replace(/[?#][\s\S]*$/, '');
}
