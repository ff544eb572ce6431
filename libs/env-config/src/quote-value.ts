/**
 * An operator's value as an error message may repeat it: quoted when short and plain (a typo worth
 * seeing, such as "servcebus" or "1e3"), otherwise only its length. A connection string, key or token
 * pasted into the wrong variable is a secret, and any such value holds "=", ";", "/" or ":" or is at
 * least 16 characters long (the shortest hook key the ingress accepts).
 */
export function quoteValue(raw: string): string {
  return /^[\w.+-]{1,15}$/.test(raw) ? `"${raw}"` : `a value of ${raw.length} characters (not shown)`;
}
