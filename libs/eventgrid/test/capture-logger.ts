import type { OutcomeLogger } from '../src/publish/outcome-logger';

/** Keeps every log call, so tests can assert reasons were logged and secrets were not. */
export function captureLogger(): OutcomeLogger & { lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> } {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => lines.push({ level: 'error', fields, message }),
  };
}
