export const AzureDevOpsErrorCodes = {
  ORG_NOT_ALLOWED: 'AZURE_DEVOPS.ORG_NOT_ALLOWED',
  BAD_REQUEST: 'AZURE_DEVOPS.BAD_REQUEST',
  UNAUTHORIZED: 'AZURE_DEVOPS.UNAUTHORIZED',
  FORBIDDEN: 'AZURE_DEVOPS.FORBIDDEN',
  NOT_FOUND: 'AZURE_DEVOPS.NOT_FOUND',
  CONFLICT: 'AZURE_DEVOPS.CONFLICT',
  THROTTLED: 'AZURE_DEVOPS.THROTTLED',
  UNAVAILABLE: 'AZURE_DEVOPS.UNAVAILABLE',
  TIMEOUT: 'AZURE_DEVOPS.TIMEOUT',
  /** The server's TLS certificate was refused (untrusted CA, expired, other host): nothing was sent. */
  CERTIFICATE_UNTRUSTED: 'AZURE_DEVOPS.CERTIFICATE_UNTRUSTED',
  /** A 2xx answer whose body was cut off, empty or not JSON: a glitch on the way, tried again. */
  INCOMPLETE_RESPONSE: 'AZURE_DEVOPS.INCOMPLETE_RESPONSE',
  /** A 5xx no retry fixes, such as 501 Not Implemented. */
  SERVER_ERROR: 'AZURE_DEVOPS.SERVER_ERROR',
  INVALID_RESPONSE: 'AZURE_DEVOPS.INVALID_RESPONSE',
  INVALID_ARGUMENT: 'AZURE_DEVOPS.INVALID_ARGUMENT',
  CONFIG_INVALID: 'AZURE_DEVOPS.CONFIG_INVALID',
} as const;

export type AzureDevOpsErrorCode = (typeof AzureDevOpsErrorCodes)[keyof typeof AzureDevOpsErrorCodes];

const RETRYABLE_CODES: ReadonlySet<AzureDevOpsErrorCode> = new Set<AzureDevOpsErrorCode>([
  AzureDevOpsErrorCodes.THROTTLED,
  AzureDevOpsErrorCodes.UNAVAILABLE,
  AzureDevOpsErrorCodes.TIMEOUT,
  AzureDevOpsErrorCodes.INCOMPLETE_RESPONSE,
]);

export interface AzureDevOpsErrorDetails {
  status?: number;
  method?: string;
  /** Request URL; never carries credentials (the client refuses URLs with userinfo). */
  url?: string;
  /** How long the server asked us to wait before trying again, when it said so. */
  retryAfterMs?: number;
  attempts?: number;
  /**
   * Set on a write that must not be sent twice (a TaskCompleted decision, a build queue) when it failed
   * after it may have reached Azure DevOps: the client did not send it again. Read the state (the
   * check's timeline record, builds by tag) before sending it again.
   */
  outcomeUnknown?: boolean;
  /** Environment variable at fault, for configuration errors. */
  variable?: string;
}

/**
 * Every failure of the client surfaces as this type. Messages are built only from the status,
 * method, URL and the server's own error text (with the token redacted), never from request headers.
 */
export class AzureDevOpsError extends Error {
  override readonly name = 'AzureDevOpsError';
  readonly retryable: boolean;

  constructor(
    readonly code: AzureDevOpsErrorCode,
    message: string,
    readonly details: AzureDevOpsErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.retryable = RETRYABLE_CODES.has(code);
  }

  get status(): number | undefined {
    return this.details.status;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, ...this.details };
  }
}

export function isAzureDevOpsError(error: unknown): error is AzureDevOpsError {
  return error instanceof AzureDevOpsError;
}

/** True when trying again later may succeed (throttling, outage, timeout): abandon the message. */
export function isRetryable(error: unknown): boolean {
  return isAzureDevOpsError(error) && error.retryable;
}

/** True when trying again cannot help (bad request, auth, not found, not allowed): dead-letter. */
export function isPermanent(error: unknown): boolean {
  return isAzureDevOpsError(error) && !error.retryable;
}
