/**
 * Application property an abandoned message carries on both backends: the stable error code of its
 * failed attempt. A dead letter that ran out of deliveries shows it as `lastError`.
 */
export const LAST_ERROR_PROPERTY = 'switchyard-last-error';
/** Used when a handler failed with something that has no string `code`. */
export const UNCLASSIFIED_ERROR_CODE = 'MESSAGING.HANDLER_FAILED';

/** Only a code: an error's message may quote input (and so a secret), a code never does. */
export function lastErrorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(code) ? code : UNCLASSIFIED_ERROR_CODE;
}
