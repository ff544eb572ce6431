/** The slice of a pino logger the publisher uses, so any service logger can be passed in. */
export interface OutcomeLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
