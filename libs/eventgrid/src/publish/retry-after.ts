interface WithResponseHeaders {
  response?: { headers?: { get?(name: string): string | undefined } };
}

/**
 * The wait a 429 or 503 asked for, read from the SDK's RestError: Azure's retry-after-ms or
 * x-ms-retry-after-ms, else Retry-After in seconds or as an HTTP date. Undefined when none is usable.
 */
export function retryAfterMs(error: unknown, now: () => number = Date.now): number | undefined {
  const headers = (error as WithResponseHeaders | null)?.response?.headers;
  const header = (name: string) => headers?.get?.(name)?.trim() || undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = header(name);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  const retryAfter = header('retry-after');
  if (retryAfter === undefined) return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1_000;
  // An HTTP date starts with the day's name; Date.parse would also take "-1" or "2" as dates.
  const at = /^[A-Za-z]/.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}
