/**
 * The default sink for events the bus must not swallow when nobody registered a hook: one JSON line
 * on stderr, so a log collector picks it up without a logging framework in this library.
 * Callers pass codes, ids and counts only — never message bodies or credentials.
 */
export function writeJsonLine(event: string, fields: Record<string, unknown>): void {
  try {
    process.stderr.write(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), source: '@switchyard/messaging', event, ...fields })}\n`);
  } catch {
    // Logging must never break settlement or shutdown.
  }
}
