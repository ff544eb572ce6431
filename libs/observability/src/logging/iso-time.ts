let lastMillis = Number.NaN;
let lastField = '';

/**
 * pino `timestamp` function: `,"time":"<ISO 8601>"`, as `pino.stdTimeFunctions.isoTime` writes it,
 * but formatted once per millisecond: a busy service writes several lines in the same one.
 */
export function isoTime(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastField;
}
