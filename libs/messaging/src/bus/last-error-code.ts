/**
 * Application property an abandoned message carries on both backends: the stable error code of its
 * failed attempt. A dead letter that ran out of deliveries shows it as `lastError`.
 */
export const LAST_ERROR_PROPERTY = 'switchyard-last-error';
/** Used when a handler failed with something that has no string `code`. */
export const UNCLASSIFIED_ERROR_CODE = 'MESSAGING.HANDLER_FAILED';

/** What an error code looks like (`MESSAGING.HANDLER_FAILED`, `ECONNRESET`): anything else is text, not a code. */
export function isErrorCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(value);
}

/** Only a code: an error's message may quote input (and so a secret), a code never does. */
export function lastErrorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return isErrorCode(code) ? code : UNCLASSIFIED_ERROR_CODE;
}
