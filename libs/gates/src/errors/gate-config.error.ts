/**
 * The gate configuration cannot work (policies file, GATE_TOKEN_KEY, allow-lists). Thrown at start-up;
 * the message names the variable or the file and line to fix.
 */
export class GateConfigError extends Error {
  readonly code = 'GATES.CONFIG_INVALID';

  constructor(
    message: string,
    readonly variable?: string,
    readonly issues: readonly string[] = [],
  ) {
    super(issues.length ? `${message}\n  - ${issues.join('\n  - ')}` : message);
    this.name = 'GateConfigError';
  }
}
